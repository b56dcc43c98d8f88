// Driver of the late-join-net bench, run as its own process by bench/late-join-net.ts (whose
// suite API is synchronous). Starts the real reflector CLI (memory storage, a snapshot asked
// for every second) and a first Swarm client in another process (swarm-client.ts), lets the
// session run ~2 s so a snapshot has been uploaded, then:
//   - probes: a raw WebSocket JOIN with the same session id, timed from sending JOIN to the
//     whole JOINED frame received, and the frame's size (snapshot bytes on the wire);
//   - joins: `Session.join` timed from the call until it resolves (synced); the first join in
//     this process (cold code) is reported on its own, the later ones are the samples.
// Each joiner is checked (entity count), then leaves. Prints one JSON line
// (LateJoinDriverReport); every child is killed on the way out.
//
//   node --import tsx bench/load/late-join-driver.ts [--quick]
import { parseArgs } from "node:util";
import { WebSocket, type RawData } from "ws";
import { Session } from "tandem";
import { decodeServerFrame, encodeClientMsg } from "../../engine/src/protocol/codec.ts";
import { Swarm } from "../../games/swarm/model.ts";
import { REFLECTOR_FLAGS } from "./fanout-scenarios.ts";
import { EXIT_WITH_PARENT, installCleanup, sleep, startNode, type Child } from "./processes.ts";

export interface JoinProbe {
  /** JOIN sent → whole JOINED frame received, ms. */
  ms: number;
  /** Bytes of the frame holding JOINED (the snapshot, the events since, a header). */
  frameBytes: number;
  snapshotBytes: number;
  snapshotAgeMs: number;
  events: number;
}

export interface LateJoinDriverReport {
  entities: number;
  /** Session.join of the first joiner in this process (cold code), ms. */
  firstJoinMs: number;
  /** Session.join → synced of the later joiners, ms. */
  joinMs: number[];
  probes: JoinProbe[];
}

const { values: a } = parseArgs({ options: { quick: { type: "boolean", default: false } }, strict: true });
const quick = a.quick === true;
const entities = quick ? 500 : 10_000;
const joins = quick ? 1 : 10;
const probes = quick ? 1 : 5;
const runMs = quick ? 1200 : 2000;
const LATE_JOIN_APP = "bench.late-join-net";
const log = (line: string) => console.error(`late-join-net: ${line}`);

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}

/** A raw JOIN with the session's id: timing and size of the JOINED frame; leaves at once. */
function probe(url: string, sessionId: string, n: number): Promise<JoinProbe> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error("probe: no JOINED within 10 s"));
    }, 10_000);
    let t0 = 0;
    ws.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.on("open", () => {
      t0 = performance.now();
      ws.send(encodeClientMsg({ type: "join", sessionId, viewId: `probe-${process.pid}-${n}`, viewData: new Uint8Array(0), lastClientSeq: 0 }));
    });
    ws.on("message", (raw) => {
      const ms = performance.now() - t0;
      const buf = toBuffer(raw);
      const joined = decodeServerFrame(buf).find((m) => m.type === "joined");
      if (!joined || joined.type !== "joined") return; // ticks may come first
      clearTimeout(timer);
      ws.send(encodeClientMsg({ type: "leave" }));
      ws.close(1000, "probe done");
      setTimeout(() => ws.terminate(), 1000).unref();
      resolve({
        ms,
        frameBytes: buf.length,
        snapshotBytes: joined.snapshot?.data.length ?? 0,
        snapshotAgeMs: joined.snapshot ? joined.time - joined.snapshot.time : NaN,
        events: joined.events.length,
      });
    });
  });
}

async function timedJoin(url: string, name: string): Promise<number> {
  const t0 = performance.now();
  const s = await Session.join({ appId: LATE_JOIN_APP, name, model: Swarm, options: { initial: entities }, reflector: url, autoSleep: false });
  const ms = performance.now() - t0;
  try {
    const n = s.model.world.entityCount;
    if (n !== entities) throw new Error(`late joiner has ${n} entities, expected ${entities}`);
  } finally {
    await s.leave();
  }
  return ms;
}

async function main(): Promise<void> {
  installCleanup();
  const children: Child[] = [];
  try {
    const reflector = await startNode("reflector/src/main.ts", [...REFLECTOR_FLAGS, "--snapshot-interval-ms", "1000"], { ready: /listening on (ws:\/\/\S+)/, preload: [EXIT_WITH_PARENT] });
    children.push(reflector);
    const url = reflector.ready![1]!;
    const name = `lj-${process.pid}`;
    const first = await startNode("bench/load/swarm-client.ts", ["--url", url, "--app", LATE_JOIN_APP, "--name", name, "--entities", String(entities)], { ready: /synced (\S+)/, readyTimeoutMs: 60_000 });
    children.push(first);
    const sessionId = first.ready![1]!;
    await sleep(runMs);
    // the first snapshot is asked for at 1 s of session time; wait (bounded) until it is there
    const found: JoinProbe[] = [];
    for (let i = 0; ; i++) {
      const p = await probe(url, sessionId, i);
      if (p.snapshotBytes > 0) {
        found.push(p);
        break;
      }
      if (i >= 20) throw new Error("no snapshot was uploaded within ~10 s");
      await sleep(500);
    }
    const report: LateJoinDriverReport = { entities, firstJoinMs: NaN, joinMs: [], probes: found };
    for (let i = 1; i < probes; i++) {
      await sleep(300);
      report.probes.push(await probe(url, sessionId, 100 + i));
    }
    for (let i = 0; i <= joins; i++) {
      await sleep(300); // the first client re-uploads a snapshot after each join; let it settle
      const ms = await timedJoin(url, name);
      if (i === 0) report.firstJoinMs = ms;
      else report.joinMs.push(ms);
      log(`join ${i}${i === 0 ? " (first in this process)" : ""}: ${ms.toFixed(1)} ms`);
    }
    const p0 = report.probes[0]!;
    log(`JOINED frame ${p0.frameBytes} B (snapshot ${p0.snapshotBytes} B, ${p0.snapshotAgeMs.toFixed(0)} ms old, ${p0.events} events), probe ${p0.ms.toFixed(1)} ms`);
    console.log(JSON.stringify(report));
  } finally {
    for (const c of children.reverse()) await c.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`late-join-net: ${(err as Error)?.stack ?? String(err)}`);
    process.exit(1);
  },
);
