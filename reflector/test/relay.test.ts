// End-to-end relay tests against the reflector CLI: ordering, ticks, version check, bad
// frames, size caps and dedupe. One reflector process for the file; every test has its own session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FrameKind } from "../../engine/src/protocol/codec.ts";
import { ErrorCode, PROTOCOL_VERSION, StreamKind } from "../../engine/src/protocol/messages.ts";
import { bytes, RawClient } from "./support/raw-client.ts";
import { startCli, type CliReflector } from "./support/reflector-cli.ts";

let r: CliReflector;
const clients: RawClient[] = [];
const track = <T extends { client: RawClient }>(x: T): T => (clients.push(x.client), x);

beforeAll(async () => {
  r = await startCli(["--tick-ms", "20"]);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.terminate()));
  const { code } = await r.kill("SIGTERM");
  await r.dispose();
  expect(code).toBe(0);
});

describe("relay", () => {
  it("gives two clients the same stamped stream in the same order, sender included", async () => {
    const { client: a } = track(await RawClient.join(r.url, "order", "A"));
    const { client: b } = track(await RawClient.join(r.url, "order", "B"));
    for (let i = 1; i <= 10; i++) {
      a.event(i, 0xa, i);
      b.event(i, 0xb, i);
    }
    const last = (c: RawClient) => c.waitStamped((e) => e.kind === StreamKind.EVENT && e.viewId === "B" && e.payload[1] === 10);
    await Promise.all([last(a), last(b)]);
    await a.waitStamped((e) => e.viewId === "A" && e.payload[1] === 10);
    await b.waitStamped((e) => e.viewId === "A" && e.payload[1] === 10);
    const events = (c: RawClient) => c.stream().filter((e) => e.kind === StreamKind.EVENT);
    expect(events(a)).toHaveLength(20);
    expect(events(a)).toEqual(events(b));
    // seqs are consecutive, times never go backwards
    const all = b.stream();
    for (let i = 1; i < all.length; i++) {
      expect(all[i]!.seq).toBe((all[i - 1]!.seq + 1) >>> 0);
      expect(all[i]!.time).toBeGreaterThanOrEqual(all[i - 1]!.time);
    }
    // each sender's events keep their order
    expect(events(a).filter((e) => e.viewId === "A").map((e) => e.payload[1])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // A saw B's join stamped; B got its own join inside JOINED
    expect(a.stream().some((e) => e.kind === StreamKind.JOIN && e.viewId === "B")).toBe(true);
    expect(a.badFrames).toEqual([]);
    expect(b.badFrames).toEqual([]);
  });

  it("sends ticks while the session is idle, with time moving forward", async () => {
    const { client } = track(await RawClient.join(r.url, "ticks", "A"));
    await client.waitFor(() => client.ticks().length >= 5, { what: "5 ticks" });
    const ticks = client.ticks();
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!).toBeGreaterThan(ticks[i - 1]!);
  });

  it("ticks on time: the heartbeat wakes when a tick is due, not on a coarse timer", async () => {
    const { client } = track(await RawClient.join(r.url, "ticks-on-time", "A"));
    await client.waitFor(() => client.ticks().length >= 11, { what: "11 ticks" });
    const t = client.ticks();
    const gaps = t.slice(1).map((x, i) => x - t[i]!).sort((x, y) => x - y);
    // tickMs is 20: a due tick goes out within a timer's slack (a timer armed wrongly would
    // sleep its 1 s safety interval); the median keeps a busy CI machine's hiccups out
    expect(gaps[0]!).toBeGreaterThanOrEqual(20);
    expect(gaps[gaps.length >> 1]!).toBeLessThan(40);
  });

  it("a session opened with tps gets its own heartbeat rate; later joiners cannot change it", async () => {
    const c = await RawClient.connect(r.url);
    clients.push(c);
    c.send({ type: "join", sessionId: "tps-5", viewId: "A", viewData: bytes(), lastClientSeq: 0, tps: 5 });
    await c.waitFor(() => c.ticks().length >= 4, { what: "4 ticks at 5/s" });
    // the sequencer only ticks when tickMs of session time has passed since the last message
    const gaps = (t: number[]) => t.slice(1).map((x, i) => x - t[i]!);
    for (const g of gaps(c.ticks())) expect(g).toBeGreaterThanOrEqual(200);
    const d = await RawClient.connect(r.url);
    clients.push(d);
    d.send({ type: "join", sessionId: "tps-5", viewId: "B", viewData: bytes(), lastClientSeq: 0, tps: 50 });
    await d.waitFor(() => d.ticks().length >= 3, { what: "3 ticks for the second joiner" });
    for (const g of gaps(d.ticks())) expect(g).toBeGreaterThanOrEqual(200);
  });

  it("refuses a JOIN with another protocol version with ERROR VERSION and close", async () => {
    const c = await RawClient.connect(r.url);
    clients.push(c);
    const frame = bytes(FrameKind.JOIN, (PROTOCOL_VERSION + 1) & 0xff, 0, 1, 0, 0x73, 1, 0, 0x76, 0, 0, 0, 0, 0, 0, 0, 0);
    c.sendRaw(frame);
    const err = await c.waitError(ErrorCode.VERSION);
    expect(err.message).toMatch(/version/);
    expect((await c.closed).code).toBe(4007);
  });

  it("answers a malformed frame with an ERROR, and the connection and session go on", async () => {
    const { client: a } = track(await RawClient.join(r.url, "malformed", "A"));
    const { client: b } = track(await RawClient.join(r.url, "malformed", "B"));
    a.sendRaw(bytes(FrameKind.SEND, 1, 0)); // truncated
    await a.waitError(ErrorCode.MALFORMED);
    a.sendRaw(bytes(250, 1, 2, 3)); // unknown kind
    await a.waitError(ErrorCode.UNKNOWN_KIND);
    a.sendRaw("not binary");
    expect((await a.waitFor((m) => m.type === "error" && /text frames/.test(m.message))).type).toBe("error");
    a.event(1, 42);
    await b.waitStamped((e) => e.viewId === "A" && e.payload[0] === 42);
    await a.waitStamped((e) => e.viewId === "A" && e.payload[0] === 42);
  });

  it("refuses messages before JOIN with ERROR NOT_JOINED", async () => {
    const c = await RawClient.connect(r.url);
    clients.push(c);
    c.event(1, 1);
    await c.waitError(ErrorCode.NOT_JOINED);
    const joined = await c.join("not-joined", "A");
    expect(joined.events.some((e) => e.kind === StreamKind.EVENT)).toBe(false);
  });

  it("refuses an event over the payload cap with REFUSED TOO_LARGE naming its clientSeq, and goes on", async () => {
    const { client } = track(await RawClient.join(r.url, "big", "A"));
    client.send({ type: "send", clientSeq: 1, payload: new Uint8Array(64 * 1024 + 1) });
    const refused = await client.waitRefused(ErrorCode.TOO_LARGE);
    expect(refused.clientSeq).toBe(1);
    expect(refused.message).toMatch(/65537 bytes.*can never be stamped/);
    client.send({ type: "send", clientSeq: 2, payload: new Uint8Array(64 * 1024) });
    const e = await client.waitStamped((x) => x.kind === StreamKind.EVENT);
    expect(e.payload.length).toBe(64 * 1024);
  });

  it("drops resent client seqs, on the same connection and after a reconnect", async () => {
    const { client: a } = track(await RawClient.join(r.url, "dedupe", "A"));
    const { client: obs } = track(await RawClient.join(r.url, "dedupe", "OBS"));
    a.event(1, 1);
    a.event(2, 2);
    a.event(2, 99); // a repeat
    a.event(1, 98);
    a.event(3, 3);
    await a.waitStamped((e) => e.payload[0] === 3);
    await a.terminate();
    const { client: a2, joined } = track(await RawClient.join(r.url, "dedupe", "A", 2));
    expect(joined.lastClientSeq).toBe(3);
    // the client resends what it thinks is unacknowledged: 2 and 3 are dropped, 4 is new
    a2.event(2, 2);
    a2.event(3, 3);
    a2.event(4, 4);
    await obs.waitStamped((e) => e.payload[0] === 4);
    const fromA = obs.stream().filter((e) => e.kind === StreamKind.EVENT && e.viewId === "A");
    expect(fromA.map((e) => e.payload[0])).toEqual([1, 2, 3, 4]);
  });
});
