// Outbox: pacing under the rate limit, holding while disconnected, resend after JOINED,
// acknowledgement by echo — with an injected clock.
import { afterEach, describe, expect, it } from "vitest";
import { Outbox } from "../../src/session/outbox.ts";
import type { SendMsg } from "../../src/protocol/messages.ts";

const msg = (clientSeq: number): SendMsg => ({ type: "send", clientSeq, payload: new Uint8Array([clientSeq]) });
let boxes: Outbox[] = [];
afterEach(() => {
  for (const b of boxes) b.close();
  boxes = [];
});

function make(perSecond = 20, burst = 3) {
  let now = 0;
  const sent: number[] = [];
  const box = new Outbox({ perSecond, burst, clock: () => now, send: (m) => sent.push(m.clientSeq) });
  boxes.push(box);
  return { box, sent, advance: (ms: number) => (now += ms) };
}

describe("Outbox", () => {
  it("holds events until joined, then sends within the burst and paces the rest", () => {
    const { box, sent, advance } = make(20, 3);
    for (let i = 1; i <= 5; i++) box.push(msg(i));
    expect(sent).toEqual([]);
    box.joined(0);
    expect(sent).toEqual([1, 2, 3]);
    advance(50); // one token per 50 ms at 20/s
    box.flush();
    expect(sent).toEqual([1, 2, 3, 4]);
    expect(box.size).toBe(5);
  });

  it("acknowledges by echo in send order and measures the round trip", () => {
    const { box, advance } = make();
    box.joined(0);
    box.push(msg(1));
    box.push(msg(2));
    advance(12);
    box.echoed();
    expect(box.size).toBe(1);
    expect(box.ping).toBe(12);
  });

  it("after a reconnect resends only what the reflector did not stamp, in order", () => {
    const { box, sent } = make(100, 10);
    box.joined(0);
    for (let i = 1; i <= 4; i++) box.push(msg(i));
    box.disconnected();
    box.push(msg(5)); // published while down
    sent.length = 0;
    box.joined(2); // the reflector had stamped 1 and 2
    expect(sent).toEqual([3, 4, 5]);
    expect(box.size).toBe(3);
  });

  it("after a backlog refusal holds everything for the retry delay, then resends from the refused event in order", () => {
    const { box, sent, advance } = make(100, 10);
    box.joined(0);
    for (let i = 1; i <= 4; i++) box.push(msg(i));
    box.echoed(); // 1 was stamped; 2 was refused, 3 and 4 are in flight
    box.refused(1000);
    box.push(msg(5)); // published during the hold
    sent.length = 0;
    advance(999);
    box.flush();
    expect(sent).toEqual([]);
    expect(box.size).toBe(4);
    advance(1);
    box.flush();
    expect(sent).toEqual([2, 3, 4, 5]);
    // a second refusal of the same run (the backlog was still full) goes round again
    box.refused(1000);
    advance(1000);
    box.flush();
    expect(sent).toEqual([2, 3, 4, 5, 2, 3, 4, 5]);
  });

  it("resends on its own when the hold ends (a timer, no outside flush needed)", async () => {
    const sent: number[] = [];
    const box = new Outbox({ perSecond: 100, burst: 10, clock: () => performance.now(), send: (m) => sent.push(m.clientSeq) });
    boxes.push(box);
    box.joined(0);
    box.push(msg(1));
    box.refused(20);
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
