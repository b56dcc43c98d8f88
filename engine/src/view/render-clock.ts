// The model time a renderer draws at: the estimated model time minus a small playout delay.
// ECS worlds step at 60 Hz but model time arrives in bursts (a tick every ~50 ms runs three
// steps at once), so drawing "the newest step, interpolated from the one before" would move
// entities at 20 Hz. Drawing a little in the past instead — far enough that the next burst
// always arrives before the drawn time reaches the newest recorded step — keeps motion
// smooth at any display rate and never extrapolates. The delay adapts to what arrivals
// need (tick interval + step rounding + jitter) and changes slowly, so the drawn time
// never jumps; a fixed delay can be given instead.
import { ModelClock, type ModelClockOptions } from "./model-clock.ts";

export interface RenderClockOptions extends ModelClockOptions {
  /** Playout delay in ms, or "auto" (default) to adapt it to the arrival pattern. */
  delay?: number | "auto";
  /** Starting delay for "auto" (default 100 ms: shrinks within a second or two). */
  initialDelay?: number;
  /** Bounds for "auto" (default 0..250 ms). Needs above the maximum count as stalls. */
  minDelay?: number;
  maxDelay?: number;
  /** Largest change of the delay per ms of local time for "auto" (default 0.1: time runs at 0.9–1.1×). */
  slew?: number;
}

export class RenderClock {
  readonly model: ModelClock;
  /** Current playout delay (ms). */
  delay: number;
  /** What the adaptive delay is moving towards. */
  targetDelay: number;
  private readonly auto: boolean;
  private readonly minDelay: number;
  private readonly maxDelay: number;
  private readonly slew: number;
  private readonly relax: number;
  private newest = NaN;
  private lastNow = NaN;
  private resets = 0;

  constructor(options: RenderClockOptions = {}) {
    this.model = new ModelClock(options);
    this.auto = options.delay === undefined || options.delay === "auto";
    this.minDelay = options.minDelay ?? 0;
    this.maxDelay = options.maxDelay ?? 250;
    this.slew = options.slew ?? 0.1;
    this.relax = (options.relaxPerSecond ?? 10) / 1000;
    const start = this.auto ? (options.initialDelay ?? 100) : (options.delay as number);
    this.delay = this.targetDelay = this.auto ? Math.min(this.maxDelay, Math.max(this.minDelay, start)) : start;
  }

  /**
   * Call once per frame: `modelTime` from the runtime, `newestTime` the model time of the
   * newest state the renderer holds (the last world step), `now` the local clock. Returns
   * the model time to draw; it may pass `newestTime` when arrivals are late — clamp there.
   */
  update(modelTime: number, newestTime: number, now: number): number {
    const prevNewest = this.newest;
    const dt = Number.isNaN(this.lastNow) || now < this.lastNow ? 0 : now - this.lastNow;
    this.lastNow = now;
    const arrived = this.model.observe(modelTime, now);
    this.newest = newestTime;
    if (!this.auto) return this.model.estimate(now) - this.delay;

    this.targetDelay = Math.max(this.minDelay, this.targetDelay - this.relax * dt);
    if (this.model.resets !== this.resets) {
      // a jump (catch-up, wake-up): nothing to smooth across, start over from the current target
      this.resets = this.model.resets;
      this.delay = this.targetDelay;
    } else if (arrived && !Number.isNaN(prevNewest)) {
      // just before this arrival the renderer held states up to prevNewest; drawing there
      // without freezing needed at least this much delay
      const needed = this.model.estimate(now) - prevNewest;
      if (needed <= this.maxDelay && needed > this.targetDelay) this.targetDelay = needed;
    }
    const step = this.slew * dt;
    const diff = this.targetDelay - this.delay;
    this.delay += diff > step ? step : diff < -step ? -step : diff;
    return this.model.estimate(now) - this.delay;
  }
}
