// The load generator's fast frame reader must agree with the codec, and its histogram with a sort.
import { expect, it } from "vitest";
import { encodeClientMsg, encodeServerMsgs } from "../../engine/src/protocol/codec.ts";
import { StreamKind, type ServerMsg } from "../../engine/src/protocol/messages.ts";
import { makePayload, readBareFrame, readTandemFrame, sharedNow } from "./frames.ts";
import { LatencyHistogram } from "./histogram.ts";

const event = (seq: number, payload: Uint8Array, kind: StreamKind = StreamKind.EVENT): ServerMsg => ({
  type: "event",
  event: { kind, time: seq * 1.5, seq, viewId: `view-é-${seq}`, payload },
});

it("reads our send times out of a batched reflector frame, skipping ticks, joins and foreign payloads", () => {
  const frame = encodeServerMsgs([
    { type: "tick", time: 1 },
    event(1, makePayload(10.25, 1, 1)),
    event(2, new Uint8Array(32)), // right size, no magic
    event(3, makePayload(11.5, 2, 1), StreamKind.JOIN),
    { type: "snap-request" },
    event(4, makePayload(12.75, 3, 1)),
    event(5, Uint8Array.of(1, 2, 3)),
  ]);
  const seen: number[] = [];
  const extras = readTandemFrame(Buffer.from(frame), (t) => seen.push(t));
  expect(seen).toEqual([10.25, 12.75]);
  expect(extras.others).toEqual([]);
});

it("hands rare messages to the codec and still finds events after them", () => {
  const frame = encodeServerMsgs([
    event(1, makePayload(1, 0, 1)),
    { type: "error", code: 4, message: "rate limited" },
    event(2, makePayload(2, 0, 2)),
  ]);
  const seen: number[] = [];
  const extras = readTandemFrame(Buffer.from(frame), (t) => seen.push(t));
  expect(seen).toEqual([1, 2]);
  expect(extras.others).toEqual([{ type: "error", code: 4, message: "rate limited" }]);
});

it("rejects a truncated frame", () => {
  const frame = encodeServerMsgs([event(1, makePayload(1, 0, 1))]);
  expect(() => readTandemFrame(Buffer.from(frame.subarray(0, frame.length - 3)), () => undefined)).toThrow();
});

it("reads a relayed SEND frame (bare relay)", () => {
  const seen: number[] = [];
  readBareFrame(Buffer.from(encodeClientMsg({ type: "send", clientSeq: 7, payload: makePayload(42.5, 1, 7) })), (t) => seen.push(t));
  expect(seen).toEqual([42.5]);
});

it("histogram quantiles match the sorted samples to the bucket width", () => {
  const h = new LatencyHistogram();
  const xs: number[] = [];
  let s = 1;
  for (let i = 0; i < 20_000; i++) {
    s = (s * 16807) % 2147483647;
    const ms = ((s % 1000) / 1000) ** 3 * 300; // 0..300 ms, crowded near 0
    xs.push(ms);
    h.add(ms);
  }
  xs.sort((a, b) => a - b);
  for (const q of [0.5, 0.9, 0.99]) {
    const exact = xs[Math.ceil(q * xs.length) - 1]!;
    expect(Math.abs(h.quantile(q) - exact)).toBeLessThanOrEqual(exact < 10 ? 0.001 : exact < 100 ? 0.01 : 0.1);
  }
  expect(h.max).toBe(xs[xs.length - 1]);
});

it("sharedNow is the machine's monotonic clock in any process, from its first reading on", async () => {
  // hrtime (CLOCK_MONOTONIC) is the same in every process: a fresh child's sharedNow() must
  // match it to a few µs (a lazily set-up performance.now() once put it milliseconds off)
  const { execFileSync } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const frames = fileURLToPath(new URL("./frames.ts", import.meta.url));
  const script = `import(${JSON.stringify(frames)}).then((m) => { const a = m.sharedNow(); const hr = Number(process.hrtime.bigint()) / 1e6; const b = m.sharedNow(); console.log(JSON.stringify([a, hr, b])); })`;
  const [a, hr, b] = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" }).trim()) as number[];
  expect(hr).toBeGreaterThanOrEqual(a! - 0.05);
  expect(hr).toBeLessThanOrEqual(b! + 0.05);
  expect(Math.abs(sharedNow() - Number(process.hrtime.bigint()) / 1e6)).toBeLessThan(0.05);
});
