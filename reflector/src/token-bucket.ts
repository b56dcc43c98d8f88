// Token bucket for per-client rate limits: `rate` tokens per second, at most `burst` saved up.
// `take` refuses when empty (drop the request); `spend` always charges and may go into debt,
// returning how long to stop reading from the client (backpressure); `charge` goes into debt
// only down to a floor. Clock passed in (ms).

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly rate: number,
    readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
      this.last = now;
    }
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Charges `n` tokens (possibly into debt); returns the ms until the debt is paid (0 if none). */
  spend(now: number, n: number): number {
    this.refill(now);
    this.tokens -= n;
    return this.debtMs();
  }

  /** Charges `n` tokens unless that would put it more than `maxDebt` tokens into debt. */
  charge(now: number, n: number, maxDebt: number): boolean {
    this.refill(now);
    if (this.tokens - n < -maxDebt) return false;
    this.tokens -= n;
    return true;
  }

  /** Ms until the debt is paid (0 if none). */
  debtMs(): number {
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.rate;
  }
}
