// Timer across clients: the countdown expires exactly 60 000 ms of model time after "start"
// (the time recorded in the event), never before, on every client including a late joiner;
// restarts and resets leave no stale ticks.
import { describe, expect, it } from "vitest";
import { createTestSession, runSyncTest, type TestClient, type TestSession } from "tandem";
import { DURATION_MS, Timer, type TimerExpired } from "./model.ts";

function tickInSync(s: TestSession<Timer>, tickMs: number): void {
  s.advance(tickMs);
  expect(new Set(s.hashes()).size).toBe(1);
}

function expiries(c: TestClient<Timer>): TimerExpired[] {
  return c.runtime.viewOutbox.filter((e) => e.event === "timerExpired").map((e) => e.data as TimerExpired);
}

describe("Timer", () => {
  // 350 does not divide the expiry time: the tick after it still reports the exact time
  it.each([200, 350])("expires at exactly start + 60 s of model time (tickMs %i)", (tickMs) => {
    const s = createTestSession({ model: Timer, tickMs });
    const [a, b] = [s.join(), s.join(), s.join()];
    const startAt = 5 * tickMs;
    const expireAt = startAt + DURATION_MS;
    const lateJoinAt = Math.round(30_000 / tickMs) * tickMs;
    while (s.now < expireAt + 2000) {
      if (s.now === startAt) a.publish(s.sessionId, "start");
      if (s.now === startAt + 10 * tickMs) b.publish(s.sessionId, "start"); // while running: ignored
      if (s.now === lateJoinAt) s.join(); // late joiner mid-countdown
      tickInSync(s, tickMs);
      // a client has seen the expiry iff its model time reached expireAt (one expect per tick: it is a long loop)
      const observed = s.clients.map((c) => ({ running: c.model.running, expiredAt: c.model.expiredAt, events: expiries(c) }));
      const expected = s.clients.map((c) => {
        const expired = c.runtime.time >= expireAt;
        return { running: s.now > startAt && !expired, expiredAt: expired ? expireAt : -1, events: expired ? [{ startedAt: startAt, expiredAt: expireAt }] : [] };
      });
      expect(observed).toEqual(expected);
    }
    expect(s.clients).toHaveLength(4);
    for (const c of s.clients) expect(c.model).toMatchObject({ remaining: 0, startedAt: startAt });
  });

  it("reset cancels the countdown; a new start counts from its own time", () => {
    const s = createTestSession({ model: Timer, tickMs: 500 });
    const [a, b, c] = [s.join(), s.join(), s.join()];
    a.publish(s.sessionId, "start"); // at 0
    while (s.now < 30_000) tickInSync(s, 500);
    b.publish(s.sessionId, "reset"); // at 30 000
    while (s.now < 40_000) tickInSync(s, 500);
    expect(c.model).toMatchObject({ running: false, startedAt: -1, remaining: DURATION_MS });
    c.publish(s.sessionId, "start"); // at 40 000
    while (s.now < 110_000) tickInSync(s, 500);
    // nothing at 60 000 from the cancelled start; one expiry at 100 000
    for (const cl of s.clients) expect(expiries(cl)).toEqual([{ startedAt: 40_000, expiredAt: 100_000 }]);
  });

  it("passes the sync test", () => {
    const inputs = [
      { at: 100, client: 0, event: "start" },
      { at: 20_000, client: 1, event: "reset" },
      { at: 25_000, client: 2, event: "start" },
    ];
    runSyncTest({ model: Timer, inputs, steps: 90, stepMs: 1000, restoreAt: 40, clients: 3, tickMs: 250 });
  });
});
