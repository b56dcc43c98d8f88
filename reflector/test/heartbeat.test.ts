// The reflector's heartbeat sleeps until work is due (server.ts arms one timer at the earliest
// `nextDue` of all sessions): these pin down what "due" means for the sequencer and the desync
// table, since a wrong answer shows up as late ticks, not as an error.
import { describe, expect, it } from "vitest";
import { DesyncTable } from "../src/desync.ts";
import { Sequencer } from "../src/sequencer.ts";

const none = new Uint8Array(0);

describe("Sequencer.nextDue", () => {
  it("is Infinity while nobody is connected, and the next tick once someone is", () => {
    const s = new Sequencer("s", { tickMs: 50, snapshotIntervalMs: 10_000 });
    expect(s.nextDue(0)).toBe(Infinity);
    s.join("c1", "A", none, 1000);
    expect(s.nextDue(1000)).toBe(1050);
    expect(s.nextDue(1020)).toBe(1050);
    // polling just before is a no-op; at the due moment it ticks, and the next tick is tickMs on
    expect(s.poll(1049).some((o) => o.msg.type === "tick")).toBe(false);
    expect(s.poll(1050).map((o) => o.msg)).toContainEqual({ type: "tick", time: 50 });
    expect(s.nextDue(1050)).toBe(1100);
  });

  it("moves later when an event carries time, and is never in the past", () => {
    const s = new Sequencer("s", { tickMs: 50, snapshotIntervalMs: 10_000 });
    s.join("c1", "A", none, 0);
    s.send("c1", 1, none, 30);
    expect(s.nextDue(30)).toBe(80);
    // a late poller is told "now", not a moment behind it
    expect(s.nextDue(500)).toBe(500);
  });

  it("includes the periodic snapshot request", () => {
    const s = new Sequencer("s", { tickMs: 1000, snapshotIntervalMs: 300 });
    s.join("c1", "A", none, 0); // asks c1 for a snapshot at time 0
    expect(s.nextDue(0)).toBe(300);
    expect(s.poll(300).map((o) => o.msg.type)).toEqual(["snap-request"]);
    expect(s.nextDue(300)).toBe(600);
  });
});

describe("DesyncTable.nextDue", () => {
  it("is the moment the oldest undecided report settles, then when a decided one is forgotten", () => {
    const t = new DesyncTable({ settleMs: 100, keepMs: 1000 });
    expect(t.nextDue()).toBe(Infinity);
    t.report("A", 1, 1, "h", 40, 3);
    t.report("B", 1, 1, "h", 60, 3);
    expect(t.nextDue()).toBe(140);
    t.poll(140);
    expect(t.nextDue()).toBe(1040);
    t.poll(1040);
    expect(t.nextDue()).toBe(Infinity);
  });
});
