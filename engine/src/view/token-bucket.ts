// A token bucket with an injected clock: `perSecond` tokens refill continuously up to
// `burst`; each event sent takes one. Matches the session's and reflector's send budget.

export interface RateOptions {
  /** Sustained events per second (default 20). */
  perSecond?: number;
  /** Events that may go at once after a quiet spell (default 60). */
  burst?: number;
}

export class TokenBucket {
  readonly perSecond: number;
  readonly burst: number;
  private level: number;
  private last: number;

  constructor(options: RateOptions = {}, now = 0) {
    this.perSecond = options.perSecond ?? 20;
    this.burst = options.burst ?? 60;
    if (!(this.perSecond > 0) || !(this.burst >= 1)) throw new Error(`rate: perSecond must be > 0 and burst ≥ 1 (got ${this.perSecond}, ${this.burst})`);
    this.level = this.burst;
    this.last = now;
  }

  /** Tokens available at `now`. */
  tokens(now: number): number {
    if (now > this.last) {
      this.level = Math.min(this.burst, this.level + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
    }
    return this.level;
  }

  /** Takes one token if at least `1 + reserve` are available. */
  take(now: number, reserve = 0): boolean {
    if (this.tokens(now) < 1 + reserve) return false;
    this.level -= 1;
    return true;
  }
}
