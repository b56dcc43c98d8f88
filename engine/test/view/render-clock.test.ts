// RenderClock: the drawn model time must run smoothly, stay behind the newest recorded step
// (no extrapolation, few freezes) and add little latency, at any display rate.
import { describe, expect, it } from "vitest";
import { RenderClock } from "../../src/view/render-clock.ts";
import { simulate, type SimOptions } from "./clock-sim.ts";

function run(sim: SimOptions, clock = new RenderClock()) {
  const frames = simulate(sim);
  const out = frames.map((f) => ({ ...f, draw: clock.update(f.modelTime, f.newest, f.now) }));
  const steady = out.filter((f) => f.now > 3000);
  let frozen = 0, rough = 0, lagSum = 0, maxLag = 0;
  for (let i = 1; i < steady.length; i++) {
    const f = steady[i]!, p = steady[i - 1]!;
    if (f.draw > f.newest) frozen++;
    const speed = (Math.min(f.draw, f.newest) - Math.min(p.draw, p.newest)) / (f.now - p.now);
    if (speed < 0.85 || speed > 1.15) rough++;
    lagSum += f.newest - f.draw;
    maxLag = Math.max(maxLag, f.newest - f.draw);
  }
  const n = steady.length - 1;
  return { frozen: frozen / n, rough: rough / n, meanLag: lagSum / n, maxLag, clock };
}

describe("RenderClock", () => {
  for (const [name, frameMs] of [["60 Hz", 1000 / 60], ["144 Hz", 1000 / 144], ["30 Hz", 1000 / 30]] as const) {
    it(`draws smoothly at ${name} from 50 ms ticks and 60 Hz steps`, () => {
      const r = run({ frameMs, tickMs: 50, latency: 30, jitter: 10 });
      expect(r.frozen).toBeLessThan(0.02);
      expect(r.rough).toBeLessThan(0.03);
      expect(r.meanLag).toBeLessThan(100);
      expect(r.clock.delay).toBeGreaterThan(50); // at least one tick interval
    });
  }

  it("needs little delay when ticks come every step", () => {
    const r = run({ tickMs: 1000 / 60, latency: 20, jitter: 2 });
    expect(r.frozen).toBeLessThan(0.02);
    expect(r.meanLag).toBeLessThan(50);
  });

  it("a fixed delay of 0 draws the newest state (no interpolation, no extrapolation)", () => {
    const clock = new RenderClock({ delay: 0 });
    const frames = simulate({ seconds: 4 });
    for (const f of frames) {
      const draw = clock.update(f.modelTime, f.newest, f.now);
      expect(draw).toBeGreaterThanOrEqual(f.newest - 1e-6);
    }
  });

  it("snaps across a big jump instead of crawling towards it", () => {
    const clock = new RenderClock();
    for (let t = 0; t < 2000; t += 16) clock.update(Math.floor(t / 50) * 50, Math.floor(t / 50) * 50, t);
    const d = clock.update(60_000, 60_000, 2016);
    expect(d).toBeGreaterThan(60_000 - 300);
  });

  it("does not let a one-off stall inflate the delay", () => {
    const clock = new RenderClock();
    let t = 0;
    for (; t < 3000; t += 16) clock.update(Math.floor(t / 50) * 50, Math.floor(t / 50) * 50, t);
    const before = clock.targetDelay;
    clock.update(2950 + 600, 2950 + 600, t + 600); // 600 ms without arrivals, then everything at once
    expect(clock.targetDelay).toBeLessThanOrEqual(before + 1);
  });
});
