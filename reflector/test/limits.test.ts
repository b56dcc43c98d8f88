// End-to-end tests of the reflector's per-client limits and session rules (the event rate
// limit has its own file, rate-limit.test.ts): session size, reconnect grace vs clean leave, desync detection, slow consumers.
import { describe, expect, it } from "vitest";
import { StreamKind, type Stamped } from "../../engine/src/protocol/messages.ts";
import { useCliReflector } from "./support/cli-fixture.ts";

const cli = useCliReflector(["--tick-ms", "20", "--max-clients", "3", "--max-buffered-bytes", "65536", "--max-event-bytes", "1048576", "--events-per-second", "20", "--event-burst", "60"]);
const join = cli.join;
const isExit = (viewId: string) => (e: Stamped) => e.kind === StreamKind.EXIT && e.viewId === viewId;
const isJoin = (viewId: string) => (e: Stamped) => e.kind === StreamKind.JOIN && e.viewId === viewId;

describe("limits", () => {
  it("refuses a client over the session size with ERROR SESSION_FULL and close", async () => {
    await join("full", "A");
    await join("full", "B");
    await join("full", "C");
    const d = await cli.connect();
    await expect(d.join("full", "D")).rejects.toThrow(/session is full/);
    expect((await d.closed).code).toBe(4005);
    // another session is not affected
    await join("not-full", "D");
  });

  it("stamps a cleanly leaving client's exit at once", async () => {
    const obs = await join("leave", "OBS");
    const a = await join("leave", "A");
    a.send({ type: "leave" });
    expect((await a.closed).code).toBe(1000);
    obs.event(1, 7); // sent after A is gone: A's exit must already be stamped before it
    const marker = await obs.waitStamped((e) => e.viewId === "OBS" && e.kind === StreamKind.EVENT);
    const exit = obs.stream().find(isExit("A"));
    expect(exit).toBeDefined();
    expect(exit!.seq).toBeLessThan(marker.seq);
  });

  it("stamps no exit and no second join when a dropped view rejoins within the grace", async () => {
    const obs = await join("grace-rejoin", "OBS");
    const a = await join("grace-rejoin", "A");
    await obs.waitStamped(isJoin("A"));
    const dropped = obs.lastTime();
    await a.terminate();
    const a2 = await join("grace-rejoin", "A");
    // wait (on ticks, not a timer) until model time is well past the grace
    await obs.waitFor((m) => m.type === "tick" && m.time > dropped + 1500, { what: "time past the grace" });
    expect(obs.stream().filter(isExit("A"))).toEqual([]);
    expect(obs.stream().filter(isJoin("A"))).toHaveLength(1);
    // and A goes on
    a2.event(1, 5);
    await obs.waitStamped((e) => e.viewId === "A" && e.kind === StreamKind.EVENT);
  });

  it("stamps a dropped view's exit after the grace", async () => {
    const obs = await join("grace-exit", "OBS");
    const a = await join("grace-exit", "A");
    await obs.waitStamped(isJoin("A"));
    const dropped = obs.lastTime();
    await a.terminate();
    const exit = await obs.waitStamped(isExit("A"), { what: "A's exit" });
    expect(exit.time - dropped).toBeGreaterThanOrEqual(1000);
  });

  it("tells every client of a session which view's hash differs from the majority", async () => {
    const a = await join("desync", "A");
    const b = await join("desync", "B");
    const c = await join("desync", "C");
    a.send({ type: "hash", time: 100, seq: 7, hash: "good" });
    b.send({ type: "hash", time: 100, seq: 7, hash: "good" });
    c.send({ type: "hash", time: 100, seq: 7, hash: "odd" });
    // agreeing reports for another moment make no noise
    for (const x of [a, b, c]) x.send({ type: "hash", time: 200, seq: 9, hash: "same" });
    for (const x of [a, b, c]) {
      const m = await x.waitFor((y) => y.type === "desync", { what: "DESYNC" });
      expect(m).toEqual({ type: "desync", time: 100, seq: 7, views: ["C"] });
    }
    a.event(1, 1); // a marker after the second round of reports
    await a.waitStamped((e) => e.viewId === "A");
    expect(a.messages.filter((m) => m.type === "desync")).toHaveLength(1);
  });

  it("drops a slow consumer with a close code, and it can come back", async () => {
    const slow = await join("slow", "SLOW");
    const fast = await join("slow", "FAST");
    slow.ws.pause(); // stop reading: once the kernel buffers are full, the reflector's backlog grows
    // 12 MiB is well over what the socket buffers hold (~4 MiB here), so the backlog passes 64 KiB
    const payload = new Uint8Array(1024 * 1024);
    let seq = 0;
    while (seq < 12) {
      for (let i = 0; i < 4; i++) fast.send({ type: "send", clientSeq: ++seq, payload });
      const want = seq;
      await fast.waitFor(() => fast.stream().filter((e) => e.viewId === "FAST" && e.kind === StreamKind.EVENT).length >= want, { what: `echo of ${want}` });
    }
    // FAST got every echo, so the reflector has handed each frame to SLOW's socket too and
    // judged its backlog; reading again lets SLOW reach the close frame behind its backlog
    slow.ws.resume();
    const { code, reason } = await slow.closed;
    expect(code).toBe(4008);
    expect(reason).toMatch(/slow consumer/);
    const back = await cli.connect();
    const joined = await back.join("slow", "SLOW");
    // it catches up from the session's stream, and is a present view again
    expect(joined.events.filter((e) => e.viewId === "FAST" && e.kind === StreamKind.EVENT)).toHaveLength(seq);
    const presence = joined.events.filter((e) => e.viewId === "SLOW" && e.kind !== StreamKind.EVENT);
    expect(presence.at(-1)?.kind).toBe(StreamKind.JOIN);
  });
});
