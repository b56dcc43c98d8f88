// Estimates the model time "right now" on this client from the model times it has seen.
// Model time only moves when a tick or event arrives (every ~50 ms), so between arrivals
// views extrapolate with the local clock. The estimate keeps the offset (model − local) of
// the least delayed arrival seen recently — network jitter only ever delays messages, so
// the largest offset is the truest one — and lets it relax slowly so drift and lasting
// latency changes are followed without the estimate jumping back and forth every tick.

export interface ModelClockOptions {
  /** How fast the held offset relaxes, in ms per second of local time (default 10). */
  relaxPerSecond?: number;
  /** An arrival further than this (ms) from the estimate resets it: catch-up, sleep, stall (default 1000). */
  resetMs?: number;
}

export class ModelClock {
  /** Held estimate of model time − local time (NaN before the first observation). */
  offset = NaN;
  /** Model time seen last. */
  modelTime = NaN;
  /** Times the estimate was reset by a big jump (views may want to snap instead of smoothing). */
  resets = 0;
  private lastNow = NaN;
  private readonly relax: number;
  private readonly resetMs: number;

  constructor(options: ModelClockOptions = {}) {
    this.relax = (options.relaxPerSecond ?? 10) / 1000;
    this.resetMs = options.resetMs ?? 1000;
  }

  /**
   * Feeds the model time as seen at local time `now` (call once per frame, with model
   * time read from the runtime). Returns true when model time moved since the last call.
   */
  observe(modelTime: number, now: number): boolean {
    if (Number.isNaN(this.offset)) {
      this.offset = modelTime - now;
      this.modelTime = modelTime;
      this.lastNow = now;
      return true;
    }
    const dt = now > this.lastNow ? now - this.lastNow : 0;
    this.lastNow = now;
    this.offset -= this.relax * dt;
    if (!(modelTime > this.modelTime)) return false;
    this.modelTime = modelTime;
    const sample = modelTime - now;
    if (sample > this.offset + this.resetMs || sample < this.offset - this.resetMs) {
      this.offset = sample;
      this.resets++;
    } else if (sample > this.offset) {
      this.offset = sample;
    }
    return true;
  }

  /** Estimated model time at local time `now`; never behind the last model time seen. */
  estimate(now: number): number {
    const e = now + this.offset;
    return e > this.modelTime ? e : this.modelTime;
  }

  /** How far model time lags the estimate (ms): 0 right after an arrival, grows until the next. */
  lag(now: number): number {
    return this.estimate(now) - this.modelTime;
  }
}
