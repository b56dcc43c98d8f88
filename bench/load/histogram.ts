// Latency histogram in three tiers: 1 µs buckets below 10 ms, 10 µs below 100 ms, 100 µs
// below 10 s (later samples count at the maximum). Constant cost per sample; quantiles are
// exact to the bucket width, plenty for p50 / p99.

const TIERS = [
  { below: 10_000, width: 1 },
  { below: 100_000, width: 10 },
  { below: 10_000_000, width: 100 },
] as const;

/** First bucket index of each tier. */
const OFFSETS: number[] = [];
let size = 0;
{
  let from = 0;
  for (const t of TIERS) {
    OFFSETS.push(size);
    size += (t.below - from) / t.width;
    from = t.below;
  }
}

export class LatencyHistogram {
  private readonly buckets = new Uint32Array(size);
  count = 0;
  /** Samples of 10 s or more. */
  overflow = 0;
  max = 0;

  /** Adds one latency in ms (negative values, from clock granularity, count as 0). */
  add(ms: number): void {
    const us = ms > 0 ? ms * 1000 : 0;
    if (ms > this.max) this.max = ms;
    this.count++;
    let from = 0;
    for (let i = 0; i < TIERS.length; i++) {
      const t = TIERS[i]!;
      if (us < t.below) {
        this.buckets[OFFSETS[i]! + Math.floor((us - from) / t.width)]!++;
        return;
      }
      from = t.below;
    }
    this.overflow++;
  }

  /** The q-quantile (0 < q ≤ 1) in ms: the middle of its bucket; NaN without samples. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    let from = 0;
    for (let i = 0; i < TIERS.length; i++) {
      const t = TIERS[i]!;
      const n = (t.below - from) / t.width;
      for (let j = 0; j < n; j++) {
        seen += this.buckets[OFFSETS[i]! + j]!;
        if (seen >= rank) return Math.min(this.max, (from + (j + 0.5) * t.width) / 1000);
      }
      from = t.below;
    }
    return this.max;
  }
}
