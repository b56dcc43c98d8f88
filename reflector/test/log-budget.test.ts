// The reflector's backlog budget: a session's stamped events since its last snapshot, alone
// and summed over live sessions. Past it the session's client events are refused, every member
// is asked for a snapshot, and an upload lets events flow again; the memory is given back.
import { describe, expect, it } from "vitest";
import type { SnapshotRef } from "../../engine/src/protocol/messages.ts";
import { LogBudget, MIN_SHARE_BYTES, SessionBacklog } from "../src/log-budget.ts";
import { resolveOptions, type ReflectorLimits } from "../src/options.ts";
import { SessionHost } from "../src/session-host.ts";
import { StampedLog } from "../src/stamped-log.ts";
import { createMemoryStorage } from "../src/storage/memory.ts";
import { FakeLink } from "./support/fake-link.ts";

const limits = (maxLogBytes: number, maxTotalLogBytes: number): Pick<ReflectorLimits, "maxLogBytes" | "maxTotalLogBytes"> => ({ maxLogBytes, maxTotalLogBytes });

describe("LogBudget", () => {
  it("refuses a session at its own limit, naming the size and the way out", () => {
    const b = new LogBudget(limits(1000, 0));
    expect(b.refusal(999)).toBeNull();
    expect(b.refusal(1000)).toMatch(/session backlog full: 1000 bytes .*limit 1000.*until a client uploads a snapshot/);
  });

  it("past the total, refuses only sessions over an equal share", () => {
    const mib = 1024 * 1024;
    const b = new LogBudget(limits(0, 12 * mib));
    b.sessions = 3;
    b.total = 12 * mib - 1;
    expect(b.refusal(10 * mib)).toBeNull(); // the total is not reached yet
    b.total = 12 * mib;
    expect(b.refusal(4 * mib - 1)).toBeNull(); // under its share of 4 MiB
    expect(b.refusal(4 * mib)).toMatch(new RegExp(`reflector backlog full: ${12 * mib} bytes held by 3 sessions .*share of ${4 * mib}`));
  });

  it("never makes the share smaller than MIN_SHARE_BYTES, however many sessions there are", () => {
    const b = new LogBudget(limits(0, 8 * MIN_SHARE_BYTES));
    b.sessions = 10_000; // e.g. many empty sessions opened to shrink everyone's share
    b.total = 8 * MIN_SHARE_BYTES;
    expect(b.refusal(MIN_SHARE_BYTES - 1)).toBeNull();
    expect(b.refusal(MIN_SHARE_BYTES)).toMatch(/over its share/);
  });

  it("0 turns either limit off", () => {
    const b = new LogBudget(limits(0, 0));
    b.sessions = 1;
    b.total = Number.MAX_SAFE_INTEGER;
    expect(b.refusal(Number.MAX_SAFE_INTEGER)).toBeNull();
  });
});

describe("SessionBacklog", () => {
  it("asks the elected client first, everyone an interval later, and starts over when the log is cut", () => {
    const budget = new LogBudget(limits(100, 0));
    const b = new SessionBacklog(budget, 1000);
    b.update(50);
    expect(b.check(0)).toBeNull();
    b.update(120);
    expect(budget.total).toBe(120);
    expect(b.check(0)).toMatchObject({ ask: "elected" });
    expect(b.check(999)).toMatchObject({ ask: null }); // refused, nobody asked again yet
    expect(b.check(1000)).toMatchObject({ ask: "everyone" });
    expect(b.check(2000)).toMatchObject({ ask: "everyone" });
    b.update(0); // a snapshot cut it
    expect(b.check(2001)).toBeNull();
    b.update(150);
    expect(b.check(2002)).toMatchObject({ ask: "elected" }); // at once, the elected client first again
    b.release();
    b.release(); // once only
    expect(budget).toMatchObject({ total: 0, sessions: 0 });
  });
});

async function openHost(id: string, budget: LogBudget | undefined, maxLogBytes: number, clock: () => number) {
  const opts = resolveOptions({ storage: "memory", log: () => undefined, limits: { maxLogBytes, maxTotalLogBytes: 0 } });
  const store = await createMemoryStorage().open(id);
  return SessionHost.open(id, opts, store, { onIdle: () => undefined, onFailed: () => undefined, ...(budget ? { budget } : {}) }, clock);
}

const payload = (n: number) => new Uint8Array(n).fill(7);

describe("SessionHost backlog", () => {
  it("refuses events past maxLogBytes, asks the elected client then everyone for a snapshot, and takes events again after an upload", async () => {
    let now = 0;
    const host = await openHost("s", undefined, 4096, () => now);
    const [a, b] = [new FakeLink("a"), new FakeLink("b")];
    host.join(a, "A", new Uint8Array(0));
    host.join(b, "B", new Uint8Array(0));
    await host.settled();
    let seq = 0;
    while (host.backlogRefusal() === null) {
      host.send("a", ++seq, payload(500));
      now += 1;
    }
    expect(seq).toBeGreaterThanOrEqual(8); // 4096 bytes of 500-byte events
    expect(host.sequencer.state.log.byteLength).toBeGreaterThanOrEqual(4096);
    await host.settled();
    // the elected client (A, connected longest) was asked; B not yet
    const requests = (l: FakeLink) => l.messages().filter((m) => m.type === "snap-request").length;
    const asked = requests(a);
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(requests(b)).toBe(0);
    // asking again at once does not send more requests
    expect(host.backlogRefusal()).not.toBeNull();
    await host.settled();
    expect(requests(a)).toBe(asked);
    // A let a whole interval pass: now everyone is asked
    now += host.sequencer.snapshotIntervalMs;
    expect(host.backlogRefusal()).not.toBeNull();
    await host.settled();
    expect(requests(a)).toBe(asked + 1);
    expect(requests(b)).toBe(1);

    // B uploads a snapshot covering everything so far: the log is cut and events flow again
    const last = host.sequencer.state.log.seqAt(host.sequencer.state.log.length - 1);
    const snapshot: SnapshotRef = { time: host.sequencer.state.time, seq: last, data: new Uint8Array([1]) };
    expect(host.upload("b", snapshot)).toBeNull();
    expect(host.sequencer.state.log.byteLength).toBe(0);
    expect(host.backlogRefusal()).toBeNull();
    host.send("a", ++seq, payload(10));
    await host.settled();
    expect(host.sequencer.state.log.length).toBe(1);
    await host.close(false);
  });

  it("lets a new view into a full session that nobody left could snapshot, asks it at once, and events flow after its upload", async () => {
    const host = await openHost("orphan", undefined, 2000, () => 0);
    const a = new FakeLink("a");
    host.join(a, "A", new Uint8Array(0));
    for (let seq = 1; host.backlogRefusal() === null; seq++) host.send("a", seq, payload(300));
    host.leave("a"); // the only member (which never uploaded) is gone
    await host.settled();
    // one new view per interval: the first is let in and asked for a snapshot, the next refused
    const b = new FakeLink("b");
    expect(host.join(b, "B", new Uint8Array(0))).toEqual({ ok: true });
    const c = new FakeLink("c");
    expect(host.join(c, "C", new Uint8Array(0))).toMatchObject({ ok: false, close: 4011 });
    await host.settled();
    expect(b.messages().map((m) => m.type)).toEqual(["joined", "snap-request"]);
    const last = host.sequencer.state.log.seqAt(host.sequencer.state.log.length - 1);
    expect(host.upload("b", { time: host.sequencer.state.time, seq: last, data: new Uint8Array([1]) })).toBeNull();
    expect(host.backlogRefusal()).toBeNull();
    expect(host.join(c, "C", new Uint8Array(0))).toEqual({ ok: true }); // not full: no limit on joins
    await host.close(false);
  });

  it("takes as many uploads from a member as it was sent requests (asked twice before its first upload landed)", async () => {
    const host = await openHost("twice", undefined, 1000, () => 0);
    const [a, b] = [new FakeLink("a"), new FakeLink("b")];
    host.join(a, "A", new Uint8Array(0));
    host.join(b, "B", new Uint8Array(0)); // A is asked (B joined)
    for (let seq = 1; host.backlogRefusal() === null; seq++) host.send("a", seq, payload(100)); // and asked again: the log is full
    await host.settled();
    expect(a.messages().filter((m) => m.type === "snap-request")).toHaveLength(2);
    const [first, third] = [host.sequencer.state.log.seqAt(0), host.sequencer.state.log.seqAt(2)];
    const upload = (seq: number) => host.upload("a", { time: 0, seq, data: new Uint8Array([1]) });
    expect(upload(third)).toBeNull();
    expect(host.sequencer.state.snapshot?.seq).toBe(third);
    expect(upload(first)).toBeNull(); // older than the one kept: ignored, but not an error
    expect(host.sequencer.state.snapshot?.seq).toBe(third);
    expect(upload(first)).toBe("snapshot upload was not requested");
    await host.close(false);
  });

  it("keeps a shared budget equal to the live sessions' logs, and releases a session's share when it closes", async () => {
    const budget = new LogBudget(limits(0, 0));
    const clock = () => 0;
    const [h1, h2] = await Promise.all([openHost("one", budget, 0, clock), openHost("two", budget, 0, clock)]);
    expect(budget.sessions).toBe(2);
    h1.join(new FakeLink("a"), "A", new Uint8Array(0));
    h2.join(new FakeLink("b"), "B", new Uint8Array(0));
    for (let i = 1; i <= 5; i++) h1.send("a", i, payload(100));
    h2.send("b", 1, payload(300));
    await Promise.all([h1.settled(), h2.settled()]);
    const logs = () => h1.sequencer.state.log.byteLength + h2.sequencer.state.log.byteLength;
    expect(budget.total).toBe(logs());
    expect(budget.total).toBeGreaterThan(800);
    await h1.close(false);
    expect(budget.sessions).toBe(1);
    expect(budget.total).toBe(h2.sequencer.state.log.byteLength);
    await h2.close(false);
    expect(budget).toMatchObject({ sessions: 0, total: 0 });
  });
});

describe("StampedLog capacity", () => {
  it("gives back the memory a long interval without snapshots grew it to", () => {
    const log = new StampedLog();
    for (let seq = 1; seq <= 2000; seq++) log.push({ kind: 0, time: seq, seq, viewId: "A", payload: payload(200) });
    const capacity = () => (log as unknown as { bytes: Uint8Array }).bytes.length;
    expect(capacity()).toBeGreaterThan(400_000);
    log.dropThrough(1994); // keep the last 5
    expect(log.length).toBe(5);
    expect(log.at(0).seq).toBe(1996);
    expect(capacity()).toBeLessThan(8192);
    log.dropThrough(4);
    expect(capacity()).toBe(4096);
  });
});
