// Bench suite "snapshot": binary snapshot encode and decode time and size for a Swarm world of
// N entities (the whole runtime: models, world, RNG, futures, subscriptions), against bitECS
// 0.4.0's own snapshot serializer on a world with the same entities and Float32Array stores.
import { createWorld } from "bitecs";
import { createSnapshotDeserializer, createSnapshotSerializer } from "bitecs/serialization";
import { decodeSnapshot, encodeSnapshot, Runtime } from "tandem";
import { bitecsStores, bitecsSwarm, startSwarm } from "./swarm-fixtures.ts";
import { count, exact, makeRow, measure, statsOf, type Row, type Suite } from "./harness.ts";

/** A started Swarm runtime with n entities that has run `steps` steps. */
export function createSwarmRuntime(n: number, steps = 30): Runtime {
  const { rt, root } = startSwarm(`bench-snapshot-${n}`, n);
  rt.advanceTo(root.world.stepTime(steps));
  return rt;
}

/** bitECS's snapshot (de)serializer over a world of n entities with Position + Velocity. */
export function createBitecsSnapshotPair(n: number): { encode: () => ArrayBuffer; decode: (packet: ArrayBuffer) => void } {
  const { world, position, velocity } = bitecsSwarm(n);
  // sized for the data (its default is a 100 MB buffer that it copies on every call)
  const encode = createSnapshotSerializer(world, [position, velocity], new ArrayBuffer(64 * n + 4096));
  return {
    encode,
    decode(packet) {
      // like decodeSnapshot, restore into a new world with new stores
      const target = createWorld();
      const [p, v] = bitecsStores(n + 1);
      createSnapshotDeserializer(target, [p, v])(packet);
    },
  };
}

export const snapshotSuite: Suite = {
  id: "snapshot",
  run(opts) {
    const n = opts.quick ? 500 : 10_000;
    const size = opts.quick ? `${count(n)}` : "10k";
    const rows: Row[] = [];
    const want = { encode: opts.wants("snapshot-encode-10k"), decode: opts.wants("snapshot-decode-10k"), bytes: opts.wants("snapshot-bytes-10k") };
    if (!want.encode && !want.decode && !want.bytes) return rows;

    const rt = createSwarmRuntime(n);
    const bytes = encodeSnapshot(rt);
    const bare = createBitecsSnapshotPair(n);
    const packet = bare.encode();
    // sanity: a decoded snapshot re-encodes to the same bytes
    const again = encodeSnapshot(decodeSnapshot(bytes));
    if (again.length !== bytes.length || !again.every((b, i) => b === bytes[i])) throw new Error("snapshot round trip changed the bytes");

    const tasks = [];
    if (want.encode) tasks.push({ name: "tandem encode", fn: () => void encodeSnapshot(rt) }, { name: "bitecs encode", fn: () => void bare.encode() });
    if (want.decode) tasks.push({ name: "tandem decode", fn: () => void decodeSnapshot(bytes) }, { name: "bitecs decode", fn: () => bare.decode(packet) });
    const results = measure(opts, tasks);
    const baselineName = "bitECS 0.4 snapshot serializer";
    const lt20 = { text: "< 20 ms", met: (t: number) => t < 20 };
    if (want.encode) {
      rows.push(makeRow(opts, {
        id: "snapshot-encode-10k", workload: `encode a ${size}-entity Swarm runtime`, unit: "ms",
        tandem: statsOf(results, "tandem encode"), baseline: { name: baselineName, stats: statsOf(results, "bitecs encode") }, goal: lt20,
      }));
    }
    if (want.decode) {
      rows.push(makeRow(opts, {
        id: "snapshot-decode-10k", workload: `decode a ${size}-entity Swarm runtime`, unit: "ms",
        tandem: statsOf(results, "tandem decode"), baseline: { name: baselineName, stats: statsOf(results, "bitecs decode") }, goal: lt20,
      }));
    }
    if (want.bytes) {
      rows.push(makeRow(opts, {
        id: "snapshot-bytes-10k", workload: `snapshot size of a ${size}-entity Swarm runtime (${count(bytes.length)} B)`, unit: "B/entity",
        tandem: exact(bytes.length / n), baseline: { name: baselineName, stats: exact(packet.byteLength / n) },
        goal: { text: "≤ 24 B/entity", met: (t) => t <= 24 },
      }));
    }
    return rows;
  },
};
