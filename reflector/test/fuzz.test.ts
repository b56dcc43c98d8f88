// Fuzzing the reflector from bad clients (random bytes, mutated valid frames, oversize
// payloads and frames, floods, churn) while a healthy client in another session keeps
// getting its ticks and its events echoed. Seeded, so a failure can be replayed.
import type { Socket } from "node:net";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeClientMsg } from "../../engine/src/protocol/codec.ts";
import { StreamKind, type ClientMsg } from "../../engine/src/protocol/messages.ts";
import { RawClient } from "./support/raw-client.ts";
import { startCli, type CliReflector } from "./support/reflector-cli.ts";

const TICK_MS = 20;
const FUZZ_MS = 3000;
const SEED = Number(process.env.FUZZ_SEED ?? 0x7a11de);

/** xorshift32: a small seeded generator for reproducible garbage. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

let r: CliReflector;
beforeAll(async () => {
  // the fuzzers stand in for other hosts: no per-address limits (limits.test.ts tests those)
  r = await startCli(["--tick-ms", String(TICK_MS), "--max-snapshot-bytes", String(1024 * 1024), "--max-connections-per-address", "0", "--connects-per-second-per-address", "0"]);
});
afterAll(async () => {
  const { code } = await r.kill("SIGTERM");
  await r.dispose();
  expect(code).toBe(0);
});

/** One bad client: reconnects whenever the reflector drops it, until `until`. */
async function badClient(name: string, until: number, act: (c: RawClient, rand: () => number) => Promise<void>, rand: () => number): Promise<number> {
  let connections = 0;
  while (performance.now() < until) {
    let c: RawClient;
    try {
      c = await RawClient.connect(r.url);
    } catch {
      continue;
    }
    connections++;
    let open = true;
    void c.closed.then(() => (open = false));
    while (open && performance.now() < until) {
      try {
        await act(c, rand);
      } catch {
        break; // the socket went away under us
      }
      // like a real flooder against TCP backpressure: go on once our send buffer drains
      await drained(c, until);
    }
    expect(c.badFrames, `${name}: undecodable frames from the reflector`).toEqual([]);
    await c.terminate();
  }
  return connections;
}

/** Resolves once everything this client sent has been handed to the kernel (or it closed). */
function drained(c: RawClient, deadline: number): Promise<void> {
  const socket = (c.ws as unknown as { _socket?: Socket })._socket;
  if (!socket || c.ws.bufferedAmount === 0 || c.ws.readyState !== WebSocket.OPEN) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.off("drain", done);
      socket.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, deadline - performance.now())); // the fuzzing window ends
    socket.once("drain", done);
    socket.once("close", done);
  });
}

function mutate(frame: Uint8Array, rand: () => number): Uint8Array {
  const f = frame.slice();
  const op = rand();
  if (op < 0.4) {
    for (let i = 0, n = 1 + Math.floor(rand() * 4); i < n; i++) f[Math.floor(rand() * f.length)] = Math.floor(rand() * 256);
    return f;
  }
  if (op < 0.7) return f.subarray(0, Math.floor(rand() * f.length));
  const extra = new Uint8Array(1 + Math.floor(rand() * 16)).map(() => Math.floor(rand() * 256));
  const out = new Uint8Array(f.length + extra.length);
  out.set(f);
  out.set(extra, f.length);
  return out;
}

describe("fuzz", () => {
  it("survives bad clients while a healthy session keeps its tick rate", async () => {
    const { client: healthy } = await RawClient.join(r.url, "healthy", "H");
    const t0 = healthy.lastTime();
    const start = performance.now();
    const until = start + FUZZ_MS;
    const seenBefore = healthy.messages.length;

    const valid: ClientMsg[] = [
      { type: "join", sessionId: "bad", viewId: "X", viewData: new Uint8Array(3), lastClientSeq: 0 },
      { type: "send", clientSeq: 5, payload: new Uint8Array(20) },
      { type: "snap-upload", snapshot: { time: 1, seq: 2, data: new Uint8Array(40) } },
      { type: "hash", time: 3, seq: 4, hash: "abcdef" },
      { type: "leave" },
    ];
    const frames = valid.map(encodeClientMsg);

    const random = badClient("random bytes", until, async (c, rnd) => {
      for (let i = 0; i < 20; i++) c.sendRaw(new Uint8Array(Math.floor(rnd() * 200)).map(() => Math.floor(rnd() * 256)));
    }, rng(SEED + 1));

    const mutated = badClient("mutated frames", until, async (c, rnd) => {
      if (!c.messages.some((m) => m.type === "joined")) c.send({ ...valid[0]!, viewId: `M${Math.floor(rnd() * 1e6)}` } as ClientMsg);
      for (let i = 0; i < 20; i++) c.sendRaw(mutate(frames[Math.floor(rnd() * frames.length)]!, rnd));
    }, rng(SEED + 2));

    let seq = 0;
    const flood = badClient("flood", until, async (c, rnd) => {
      if (!c.messages.some((m) => m.type === "joined")) c.send({ ...valid[0]!, viewId: "FLOOD", lastClientSeq: seq } as ClientMsg);
      const k = rnd();
      if (k < 0.6) for (let i = 0; i < 50; i++) c.event(++seq, i);
      else if (k < 0.8) for (let i = 0; i < 50; i++) c.send({ type: "hash", time: Math.floor(rnd() * 1e6), seq: i, hash: String(rnd()) });
      else if (k < 0.9) c.send({ type: "send", clientSeq: ++seq, payload: new Uint8Array(200 * 1024) }); // over the event cap
      else if (k < 0.95) c.sendRaw(new Uint8Array(2 * 1024 * 1024)); // over the frame cap: the reflector closes the socket
      else c.sendRaw("text is not allowed");
    }, rng(SEED + 3));

    const churn = badClient("churn", until, async (c, rnd) => {
      const id = Math.floor(rnd() * 8);
      c.send({ type: "join", sessionId: `churn-${id}`, viewId: `V${Math.floor(rnd() * 4)}`, viewData: new Uint8Array(0), lastClientSeq: 0 });
      if (rnd() < 0.5) await c.terminate();
      else c.send({ type: "leave" });
      await c.closed;
    }, rng(SEED + 4));

    // behaviour check, not a benchmark: while the fuzzers run, the idle healthy session gets a
    // tick every TICK_MS..1.25×TICK_MS of the reflector's own model time (so a slow test
    // process does not count); wait on the ticks themselves, allow for a loaded machine
    const windowEnd = t0 + FUZZ_MS - 500;
    await healthy.waitFor((m) => m.type === "tick" && m.time >= windowEnd, { timeoutMs: FUZZ_MS + 10_000, what: "the end of the window" });
    const ticks = healthy.messages.slice(seenBefore).filter((m) => m.type === "tick").length;
    const expected = (windowEnd - t0) / (TICK_MS * 1.25);
    expect(ticks, `${ticks} ticks, expected ≈${Math.round(expected)}`).toBeGreaterThanOrEqual(expected * 0.3);
    // and its events still go through while the fuzzers run
    for (let i = 1; i <= 5; i++) healthy.event(i, i);
    await healthy.waitStamped((e) => e.viewId === "H" && e.payload[0] === 5, { timeoutMs: 10_000, what: "the healthy echo" });
    expect(healthy.badFrames).toEqual([]);
    expect(healthy.errors()).toEqual([]);
    const counts = await Promise.all([random, mutated, flood, churn]);
    expect(counts.every((n) => n > 0)).toBe(true);

    // the reflector is still fine, and never hit an internal error
    const { client: late } = await RawClient.join(r.url, "healthy", "LATE");
    expect(late.stream().filter((e) => e.viewId === "H" && e.kind === StreamKind.EVENT)).toHaveLength(5);
    expect(r.stderr()).not.toMatch(/internal error|unhandled|poll failed/i);
    await Promise.all([healthy.terminate(), late.terminate()]);
  });
});
