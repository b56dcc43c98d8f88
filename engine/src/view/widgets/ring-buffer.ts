// A fixed-size ring of numeric samples (the last N), for the stats overlay's live plots.
// Pure and allocation-free after construction.

export class SampleRing {
  private readonly data: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`SampleRing capacity must be ≥ 1, got ${capacity}`);
    this.data = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Adds a sample, dropping the oldest when full. */
  push(v: number): void {
    if (this.count < this.capacity) {
      this.data[(this.start + this.count) % this.capacity] = v;
      this.count++;
    } else {
      this.data[this.start] = v;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** The i-th sample held, oldest first. */
  get(i: number): number {
    if (i < 0 || i >= this.count) return NaN;
    return this.data[(this.start + i) % this.capacity]!;
  }

  /** The newest sample (NaN when empty). */
  get last(): number {
    return this.get(this.count - 1);
  }

  min(): number {
    let m = Infinity;
    for (let i = 0; i < this.count; i++) m = Math.min(m, this.get(i));
    return this.count ? m : NaN;
  }

  max(): number {
    let m = -Infinity;
    for (let i = 0; i < this.count; i++) m = Math.max(m, this.get(i));
    return this.count ? m : NaN;
  }

  mean(): number {
    let s = 0;
    for (let i = 0; i < this.count; i++) s += this.get(i);
    return this.count ? s / this.count : NaN;
  }

  /** Samples oldest first, as a new array (for tests and tooltips, not per frame). */
  toArray(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.get(i));
    return out;
  }

  clear(): void {
    this.start = this.count = 0;
  }
}
