// ModelClock: estimating model time between arrivals from the least delayed arrival.
import { describe, expect, it } from "vitest";
import { ModelClock } from "../../src/view/model-clock.ts";
import { simulate } from "./clock-sim.ts";

describe("ModelClock", () => {
  it("extrapolates model time with the local clock between arrivals", () => {
    const c = new ModelClock();
    expect(c.observe(1000, 5000)).toBe(true);
    expect(c.estimate(5000)).toBe(1000);
    expect(c.observe(1000, 5020)).toBe(false);
    expect(c.estimate(5020)).toBeCloseTo(1020, 0);
    expect(c.lag(5020)).toBeCloseTo(20, 0);
  });

  it("keeps the least delayed arrival: late arrivals do not pull the estimate back", () => {
    const c = new ModelClock({ relaxPerSecond: 0 });
    c.observe(1000, 5000);
    c.observe(1050, 5060); // 10 ms later than the first suggests
    expect(c.estimate(5060)).toBe(1060);
    c.observe(1100, 5095); // 5 ms earlier: the better sample wins
    expect(c.offset).toBe(1100 - 5095);
  });

  it("never estimates behind the last model time seen", () => {
    const c = new ModelClock({ relaxPerSecond: 1000 });
    c.observe(0, 0);
    c.observe(50, 50);
    expect(c.estimate(60)).toBeGreaterThanOrEqual(50);
  });

  it("follows a lasting latency increase by relaxing, without jumping", () => {
    const frames = simulate({ latency: 30, jitter: 5, latencyStepAt: 3000, latencyStep: 40, seconds: 12 });
    const c = new ModelClock({ relaxPerSecond: 10 });
    let maxJump = 0, prev = NaN;
    for (const f of frames) {
      c.observe(f.modelTime, f.now);
      const e = c.estimate(f.now);
      if (!Number.isNaN(prev)) maxJump = Math.max(maxJump, Math.abs(e - prev - (1000 / 60)));
      prev = e;
    }
    const last = frames.at(-1)!;
    // after the change, arrivals come 70..75 ms after their model time
    expect(last.now + c.offset).toBeGreaterThan(last.now - 75 - 10 - 2);
    expect(c.offset).toBeLessThan(-60);
    expect(maxJump).toBeLessThan(10);
    expect(c.resets).toBe(0);
  });

  it("resets on a jump far from the estimate (catch-up after a stall)", () => {
    const c = new ModelClock();
    c.observe(1000, 1000);
    c.observe(9000, 1100);
    expect(c.resets).toBe(1);
    expect(c.estimate(1100)).toBe(9000);
  });
});
