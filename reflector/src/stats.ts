// What a reflector has been doing, for operators (`--stats-ms`, Reflector.stats()) and the
// fan-out bench: events in, frames and deliveries out, and each event's residence time — from
// the moment its SEND was handled to the last socket write of the batch that relayed it, so
// the latency the reflector itself adds (time in the kernel's socket buffers is not in it).
// Residence goes into a log-scale histogram (5 % wide buckets): constant cost per event.

const GROWTH = 1.05;
const MIN_US = 1;
const BUCKETS = Math.ceil(Math.log(1e8 / MIN_US) / Math.log(GROWTH)) + 1; // 1 µs … 100 s

export interface ReflectorStats {
  /** Length of the period these counts cover, ms. */
  periodMs: number;
  sessions: number;
  connections: number;
  /** Client events stamped. */
  eventsIn: number;
  /** Frames written to sockets. */
  framesOut: number;
  /** Events written to sockets (an event relayed to n clients counts n times). */
  deliveries: number;
  /** Residence of the period's relayed events in ms (null without events). */
  residence: { count: number; p50: number; p90: number; p99: number; max: number } | null;
}

export class RelayStats {
  eventsIn = 0;
  framesOut = 0;
  deliveries = 0;
  private readonly buckets = new Uint32Array(BUCKETS);
  private count = 0;
  private max = 0;
  private since: number;

  constructor(private readonly clock: () => number) {
    this.since = clock();
  }

  /** One relayed event's residence, ms. */
  residence(ms: number): void {
    const us = ms * 1000;
    const b = us <= MIN_US ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(us / MIN_US) / Math.log(GROWTH)));
    this.buckets[b]!++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** The counts since the last reset (or start); `reset` starts a new period. */
  read(sessions: number, connections: number, reset: boolean): ReflectorStats {
    const now = this.clock();
    const out: ReflectorStats = {
      periodMs: now - this.since,
      sessions,
      connections,
      eventsIn: this.eventsIn,
      framesOut: this.framesOut,
      deliveries: this.deliveries,
      residence: this.count === 0 ? null : { count: this.count, p50: this.quantile(0.5), p90: this.quantile(0.9), p99: this.quantile(0.99), max: this.max },
    };
    if (reset) {
      this.eventsIn = this.framesOut = this.deliveries = this.count = this.max = 0;
      this.buckets.fill(0);
      this.since = now;
    }
    return out;
  }

  /** Upper edge of the bucket holding quantile q, ms (within 5 %; never above the max seen). */
  private quantile(q: number): number {
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.buckets[b]!;
      if (seen >= rank) return Math.min(this.max, (MIN_US * GROWTH ** b) / 1000);
    }
    return this.max;
  }
}
