// Unit tests of state hashing (engine/src/model/hash.ts and hashRuntime in snapshot.ts): the byte
// hash is deterministic and sensitive to every bit; the runtime hash changes when any single
// covered piece of state changes (model fields, RNG, futures, subscriptions, ECS stores of live
// entities, entity index, model time, seq, counters) and never for per-client data.
import { describe, expect, it } from "vitest";
import { decodeSnapshot, defineComponent, defineWorld, encodeSnapshot, hashRuntime, Model, Runtime, type World } from "tandem";
import { hashBytes } from "../../src/model/hash.ts";

describe("hash: bytes", () => {
  it("is a deterministic 16-hex-digit string", () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) & 0xff);
    expect(hashBytes(data)).toMatch(/^[0-9a-f]{16}$/);
    expect(hashBytes(data)).toBe(hashBytes(data.slice()));
    expect(hashBytes(new Uint8Array(0))).toMatch(/^[0-9a-f]{16}$/);
  });

  it("changes for every single-bit flip", () => {
    const base = Uint8Array.from({ length: 67 }, (_, i) => (i * 7 + 3) & 0xff); // not a multiple of 4: tail bytes too
    const hashes = new Set([hashBytes(base)]);
    for (let byte = 0; byte < base.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = base.slice();
        flipped[byte]! ^= 1 << bit;
        hashes.add(hashBytes(flipped));
      }
    }
    expect(hashes.size).toBe(1 + base.length * 8);
  });

  it("depends on length (trailing zeros count)", () => {
    const hs = [0, 1, 2, 3, 4, 5, 8].map((n) => hashBytes(new Uint8Array(n)));
    expect(new Set(hs).size).toBe(hs.length);
  });

  it("gives the same hash for unaligned views as for aligned copies", () => {
    const buf = Uint8Array.from({ length: 203 }, (_, i) => (i * 13) & 0xff);
    for (const offset of [1, 2, 3, 5]) {
      const view = buf.subarray(offset, offset + 150);
      expect(view.byteOffset % 4).not.toBe(0);
      expect(hashBytes(view)).toBe(hashBytes(view.slice()));
    }
  });
});

// ---- runtime hash coverage ---------------------------------------------------------------------

const P = defineComponent("HashP", { x: "f32", y: "f32" });
const Tag = defineComponent("HashTag", {});
const HashWorld = defineWorld({ name: "hash-world", components: [P, Tag], systems: [], stepsPerSecond: 10 });

class Other extends Model {
  n = 1;
}
Other.register("HashOther");

class State extends Model {
  value = 1;
  nested = { a: 1, list: [1, 2, 3], map: new Map([["k", 1]]) };
  other: Other | null = null;
  pair = [[1], [1]];
  declare world: World;
  override init() {
    this.other = Other.create();
    this.world = this.createWorld(HashWorld);
    for (let i = 0; i < 5; i++) {
      const e = this.world.addEntity(P);
      this.world.store(P).x[e] = i;
    }
    this.world.removeEntity(3);
    this.subscribe(this.sessionId, "a", this.noop);
    this.subscribe(this.sessionId, "b", this.noop);
    this.future(500).noop(1);
    this.beWellKnownAs("state");
  }
  noop(_x?: unknown) {}
  other2() {}
}
State.register("HashState");

function build(sessionId = "hash-session"): Runtime {
  const rt = new Runtime(sessionId);
  rt.start(State);
  return rt;
}

const root = (rt: Runtime) => rt.root as State;
const inModel = (rt: Runtime, fn: () => void) => rt.execute("test", fn);

/** One change per case, each applied to a fresh runtime. */
const changes: [string, (rt: Runtime) => void][] = [
  ["a model field", (rt) => (root(rt).value = 2)],
  ["a nested field", (rt) => (root(rt).nested.list[1] = 5)],
  ["a Map value in a field", (rt) => root(rt).nested.map.set("k", 2)],
  ["the key order of a field", (rt) => (root(rt).nested = { list: [1, 2, 3], a: 1, map: new Map([["k", 1]]) })],
  ["a field of another model", (rt) => (root(rt).other!.n = 2)],
  ["a reference to another model", (rt) => (root(rt).other = null)],
  ["sharing of an object", (rt) => (root(rt).pair[1] = root(rt).pair[0]!)],
  ["the RNG state", (rt) => void rt.random()],
  ["a new future", (rt) => inModel(rt, () => root(rt).future(10).noop())],
  ["a future's args", (rt) => (rt.futures.entries().find((e) => e.method === "noop")!.args[0] = 2)],
  ["a cancelled future", (rt) => inModel(rt, () => void root(rt).cancelFuture("noop"))],
  ["the future counter", (rt) => rt.futureSeq++],
  ["a new subscription", (rt) => inModel(rt, () => root(rt).subscribe(rt.sessionId, "c", "noop"))],
  ["a subscription's method", (rt) => inModel(rt, () => root(rt).subscribe(rt.sessionId, "a", "other2"))],
  ["a removed subscription", (rt) => inModel(rt, () => root(rt).unsubscribe(rt.sessionId, "b"))],
  ["subscription order", (rt) => inModel(rt, () => {
    root(rt).unsubscribe(rt.sessionId, "a");
    root(rt).subscribe(rt.sessionId, "a", "noop");
  })],
  ["an ECS store value of a live entity", (rt) => (root(rt).world.store(P).y[2] = 0.5)],
  ["component membership (a tag)", (rt) => root(rt).world.addComponent(4, Tag)],
  ["the entity free list", (rt) => {
    const w = root(rt).world;
    const [a, b] = [w.addEntity(), w.addEntity()]; // recycles eid 3, then a new eid 6
    w.removeEntity(a);
    w.removeEntity(b);
  }],
  ["a removed entity", (rt) => root(rt).world.removeEntity(5)],
  ["the world's input queue", (rt) => root(rt).world.inputs.push({ kind: "x" })],
  ["the world's step count", (rt) => root(rt).world.stepCount++],
  ["model time", (rt) => rt.advanceTo(rt.time + 1)],
  ["the last seq", (rt) => rt.noteSeq(rt.time, 7)],
  ["the model id counter", (rt) => rt.nextModelNum++],
  ["the world id counter", (rt) => rt.nextWorldId++],
  ["a well-known name", (rt) => inModel(rt, () => root(rt).other!.beWellKnownAs("other"))],
  ["a created model", (rt) => inModel(rt, () => void Other.create())],
  ["a destroyed model", (rt) => inModel(rt, () => {
    root(rt).other!.destroy();
    root(rt).other = null;
  })],
];

describe("hash: runtime state coverage", () => {
  it("is equal for equal state built independently", () => {
    expect(hashRuntime(build())).toBe(hashRuntime(build()));
  });

  it("is equal after a snapshot restore", () => {
    const rt = build();
    expect(hashRuntime(decodeSnapshot(encodeSnapshot(rt)))).toBe(hashRuntime(rt));
  });

  it("differs between sessions", () => {
    expect(hashRuntime(build("one"))).not.toBe(hashRuntime(build("two")));
  });

  const base = hashRuntime(build());
  for (const [what, change] of changes) {
    it(`changes when ${what} changes`, () => {
      const rt = build();
      change(rt);
      expect(rt.errors).toEqual([]);
      expect(hashRuntime(rt)).not.toBe(base);
    });
  }

  it("gives every single change above its own hash", () => {
    const hashes = changes.map(([, change]) => {
      const rt = build();
      change(rt);
      return hashRuntime(rt);
    });
    expect(new Set(hashes).size).toBe(changes.length);
  });

  it("ignores stores of dead entities (they are not state)", () => {
    const rt = build();
    root(rt).world.store(P).x[3] = 99; // eid 3 was removed
    root(rt).world.store(P).x[500] = 1; // never existed
    expect(hashRuntime(rt)).toBe(base);
  });

  it("ignores per-client data: view outbox, errors, view filter, error hook", () => {
    const rt = build();
    rt.viewOutbox.push({ scope: "s", event: "e", data: 1 });
    rt.errors.push({ where: "x", error: new Error("local"), time: 0 });
    rt.viewFilter = () => false;
    rt.onError = () => undefined;
    expect(hashRuntime(rt)).toBe(base);
  });

  it("is restored to the base after undoing a change", () => {
    const rt = build();
    root(rt).value = 2;
    root(rt).world.store(P).y[2] = 0.5;
    expect(hashRuntime(rt)).not.toBe(base);
    root(rt).value = 1;
    root(rt).world.store(P).y[2] = 0;
    expect(hashRuntime(rt)).toBe(base);
  });
});
