// Outbox: pacing under the reflector's budget with a margin, one frame per turn's events,
// holding while disconnected, resend after JOINED and after a refusal naming a clientSeq,
// acknowledgement by echo — with an injected clock and a manual "soon".
import { afterEach, describe, expect, it } from "vitest";
import { Outbox } from "../../src/session/outbox.ts";
import type { SendLimits, SendMsg } from "../../src/protocol/messages.ts";

const msg = (clientSeq: number, size = 1): SendMsg => ({ type: "send", clientSeq, payload: new Uint8Array(size).fill(clientSeq & 0xff) });
let boxes: Outbox[] = [];
afterEach(() => {
  for (const b of boxes) b.close();
  boxes = [];
});

function make(limits: Partial<SendLimits> = {}) {
  let now = 0;
  const frames: number[][] = [];
  const soon: (() => void)[] = [];
  const box = new Outbox({ clock: () => now, send: (m) => frames.push(m.map((x) => x.clientSeq)), soon: (fn) => soon.push(fn) });
  box.configure({ eventsPerSecond: 20, eventBurst: 10, maxEventBytes: 65536, ...limits });
  boxes.push(box);
  return {
    box,
    frames,
    sent: () => frames.flat(),
    /** Runs what was scheduled for "after this turn". */
    turn: () => soon.splice(0).forEach((f) => f()),
    advance: (ms: number) => (now += ms),
  };
}

describe("Outbox", () => {
  it("holds events until joined, then sends a turn's events in one frame, within 90 % of the burst", () => {
    const { box, frames, turn } = make({ eventsPerSecond: 20, eventBurst: 10 });
    for (let i = 1; i <= 12; i++) box.push(msg(i));
    turn();
    expect(frames).toEqual([]);
    box.joined(0);
    // burst 10 → 9 with the margin, all in one frame
    expect(frames).toEqual([[1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(box.size).toBe(12);
    expect(box.inFlight).toBe(9);
  });

  it("paces the rest at 90 % of the rate", () => {
    const { box, sent, advance } = make({ eventsPerSecond: 20, eventBurst: 10 });
    box.joined(0);
    for (let i = 1; i <= 12; i++) box.push(msg(i));
    box.flush();
    expect(sent()).toHaveLength(9);
    advance(55); // 18/s: one token per 55.6 ms
    box.flush();
    expect(sent()).toHaveLength(9);
    advance(1);
    box.flush();
    expect(sent()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("batches the pushes of one turn: a synchronous burst is one frame", () => {
    const { box, frames, turn } = make({ eventsPerSecond: 100, eventBurst: 200 });
    box.joined(0);
    for (let i = 1; i <= 100; i++) box.push(msg(i));
    expect(frames).toEqual([]);
    turn();
    expect(frames).toHaveLength(1);
    expect(frames[0]).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it("splits a burst of large events into frames of at most 256 KiB of payload", () => {
    const { box, frames, turn } = make({ eventsPerSecond: 100, eventBurst: 200 });
    box.joined(0);
    for (let i = 1; i <= 10; i++) box.push(msg(i, 60 * 1024));
    turn();
    expect(frames[0]).toEqual([1, 2, 3, 4]);
  });

  it("acknowledges by echo in send order and measures the round trip", () => {
    const { box, advance, turn } = make();
    box.joined(0);
    box.push(msg(1));
    box.push(msg(2));
    turn();
    advance(12);
    box.echoed();
    expect(box.size).toBe(1);
    expect(box.ping).toBe(12);
  });

  it("after a reconnect resends only what the reflector did not stamp, in order, paced", () => {
    const { box, sent, frames, turn } = make({ eventsPerSecond: 100, eventBurst: 4 });
    box.joined(0);
    for (let i = 1; i <= 3; i++) box.push(msg(i));
    turn();
    box.disconnected();
    box.push(msg(4)); // published while down
    box.push(msg(5));
    turn();
    frames.length = 0;
    box.configure({ eventsPerSecond: 100, eventBurst: 4, maxEventBytes: 65536 }); // the new connection's budget
    box.joined(2); // the reflector had stamped 1 and 2
    expect(sent()).toEqual([3, 4, 5]);
    expect(box.size).toBe(3);
  });

  it("after a refusal puts the refused event and everything after it back, waits the delay, then resends in order", () => {
    const { box, sent, frames, turn, advance } = make({ eventsPerSecond: 100, eventBurst: 100 });
    box.joined(0);
    for (let i = 1; i <= 4; i++) box.push(msg(i));
    turn();
    box.echoed(); // 1 was stamped; 2 was refused, 3 and 4 were dropped by the no-gap rule
    box.refused(2, 1000);
    box.push(msg(5)); // published during the hold
    turn();
    frames.length = 0;
    advance(999);
    box.flush();
    expect(sent()).toEqual([]);
    expect(box.size).toBe(4);
    expect(box.holding).toBe(true);
    advance(1);
    box.flush();
    expect(frames).toEqual([[2, 3, 4, 5]]);
    expect(box.holding).toBe(false);
    // refused again (the backlog was still full): round again, nothing lost
    box.refused(2, 1000);
    advance(1000);
    box.flush();
    expect(sent()).toEqual([2, 3, 4, 5, 2, 3, 4, 5]);
    expect(box.size).toBe(4);
  });

  it("a refusal in the middle of a frame keeps the events before it unacknowledged until their echoes", () => {
    const { box, sent, frames, turn, advance } = make({ eventsPerSecond: 100, eventBurst: 100 });
    box.joined(0);
    for (let i = 1; i <= 5; i++) box.push(msg(i));
    turn();
    box.refused(4, 10); // 1–3 stamped (echoes on their way), 4 refused
    expect(box.inFlight).toBe(3);
    frames.length = 0;
    advance(10);
    box.flush();
    expect(sent()).toEqual([4, 5]);
    box.echoed();
    box.echoed();
    box.echoed();
    expect(box.size).toBe(2);
  });

  it("drops an event the reflector can never stamp (too large) and keeps the rest in order", () => {
    const { box, turn } = make({ eventsPerSecond: 100, eventBurst: 100 });
    box.joined(0);
    for (let i = 1; i <= 3; i++) box.push(msg(i));
    turn();
    expect(box.dropped(2)?.clientSeq).toBe(2);
    expect(box.dropped(2)).toBeNull();
    expect(box.size).toBe(2);
    box.echoed(); // 1
    box.echoed(); // 3
    expect(box.size).toBe(0);
  });

  it("reports how long the oldest unacknowledged event has waited, keeping its publish time across resends", () => {
    const { box, advance, turn } = make({ eventsPerSecond: 100, eventBurst: 100 });
    expect(box.oldestWaitMs()).toBe(0);
    box.joined(0);
    box.push(msg(1));
    turn();
    advance(700);
    box.push(msg(2));
    turn();
    box.refused(1, 10);
    advance(600);
    expect(box.oldestWaitMs()).toBe(1300);
    box.flush();
    box.echoed();
    expect(box.oldestWaitMs()).toBe(600);
  });

  it("resends on its own when the hold ends (a timer, no outside flush needed)", async () => {
    const sent: number[] = [];
    const box = new Outbox({ clock: () => performance.now(), send: (m) => sent.push(...m.map((x) => x.clientSeq)) });
    boxes.push(box);
    box.joined(0);
    box.push(msg(1));
    await Promise.resolve();
    box.refused(1, 20);
    sent.length = 0;
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (sent.length > 0) {
          clearInterval(poll);
          resolve();
        }
      }, 2);
    });
    expect(sent).toEqual([1]);
  });
});
