// GameLoop across clients: start/stop from different clients, a late joiner while the loop
// runs, equal hashes after every tick, position = velocity × running time, exact tick count.
import { describe, expect, it } from "vitest";
import { createTestSession, runSyncTest, type TestSession } from "tandem";
import { GameLoop, LOOP_MS } from "./model.ts";

const TICK = 50;
const VELOCITY = 250; // units per second

function tickInSync(s: TestSession<GameLoop>): void {
  s.advance(TICK);
  expect(new Set(s.hashes()).size).toBe(1);
}

describe("GameLoop", () => {
  it("integrates velocity × elapsed model time identically on every client", () => {
    const s = createTestSession({ model: GameLoop, options: { velocity: VELOCITY }, tickMs: TICK });
    const [a, b, c] = [s.join(), s.join(), s.join()];
    // running from 100 to 1100 and from 1500 to 2300 ms
    const script: Record<number, () => void> = {
      100: () => a.publish(s.sessionId, "start"),
      600: () => c.publish(s.sessionId, "start"), // already running: ignored
      1100: () => b.publish(s.sessionId, "stop"),
      1300: () => { s.join(); },
      1500: () => c.publish(s.sessionId, "start"),
      2300: () => a.publish(s.sessionId, "stop"),
    };
    let runningMs = 0;
    let runningSince = -1;
    while (s.now < 2500) {
      script[s.now]?.();
      if (s.now === 100 || s.now === 1500) runningSince = s.now;
      if (s.now === 1100 || s.now === 2300) { runningMs += s.now - runningSince; runningSince = -1; }
      tickInSync(s);
      const m = s.clients[0]!.model;
      // integrated up to the last loop tick while running, up to the stop when stopped
      const elapsed = runningMs + (runningSince >= 0 ? m.lastTime - runningSince : 0);
      for (const cl of s.clients) expect(cl.model.position).toBeCloseTo((VELOCITY * elapsed) / 1000, 9);
    }
    expect(runningMs).toBe(1800);
    for (const cl of s.clients) {
      expect(cl.model.running).toBe(false);
      expect(cl.model.position).toBeCloseTo(VELOCITY * 1.8, 9);
      // 62 ticks in (100, 1100]; 50 in (1500, 2300] — the tick due at 2300 runs before the stop stamped 2300
      expect(cl.model.ticks).toBe(Math.floor(1000 / LOOP_MS) + Math.floor(800 / LOOP_MS));
    }
    expect(s.clients).toHaveLength(4);
  });

  it("passes the sync test", () => {
    const script = (step: number) => (step === 2 ? [{ client: 0, event: "start" }] : step === 20 ? [{ client: 1, event: "stop" }] : step === 25 ? [{ client: 1, event: "start" }] : []);
    runSyncTest({ model: GameLoop, inputs: script, steps: 40, stepMs: TICK, restoreAt: 13, clients: 3 });
  });
});
