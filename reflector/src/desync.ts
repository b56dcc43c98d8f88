// Desync detection for one session: clients report state hashes at agreeing moments
// (time, seq); when the hashes for one moment differ, the views outside the majority are
// named in a DESYNC message. Pure (clock passed in) and bounded in size.
import type { DesyncMsg } from "../../engine/src/protocol/messages.ts";

interface Entry {
  time: number;
  seq: number;
  createdAt: number;
  hashes: Map<string, string>;
  /** The majority hash once decided; null when decided without a majority (a tie). */
  decided: boolean;
  majority: string | null;
}

export interface DesyncOptions {
  /** Moments tracked at once; the oldest is decided and dropped beyond this (default 64). */
  maxEntries?: number;
  /** A moment not every client reported is decided this long after its first report (default 2000 ms). */
  settleMs?: number;
  /** Decided moments are kept this long to judge late reports (default 10 000 ms). */
  keepMs?: number;
}

export class DesyncTable {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly settleMs: number;
  private readonly keepMs: number;

  constructor(options: DesyncOptions = {}) {
    this.maxEntries = options.maxEntries ?? 64;
    this.settleMs = options.settleMs ?? 2000;
    this.keepMs = options.keepMs ?? 10_000;
  }

  get size(): number {
    return this.entries.size;
  }

  /** A view's hash for (time, seq); `expected` is how many clients are connected now. */
  report(viewId: string, time: number, seq: number, hash: string, now: number, expected: number): DesyncMsg[] {
    const key = `${seq}:${time}`;
    let e = this.entries.get(key);
    const out: DesyncMsg[] = [];
    if (!e) {
      while (this.entries.size >= this.maxEntries) out.push(...this.evictOldest());
      e = { time, seq, createdAt: now, hashes: new Map(), decided: false, majority: null };
      this.entries.set(key, e);
    }
    if (e.hashes.has(viewId)) return out; // first report of a view counts
    e.hashes.set(viewId, hash);
    if (e.decided) {
      if (e.majority !== null && hash !== e.majority) out.push({ type: "desync", time, seq, views: [viewId] });
      return out;
    }
    if (e.hashes.size >= expected) out.push(...this.decide(e));
    return out;
  }

  /** Wall-clock reading at which `poll` next decides or forgets a moment (Infinity: none pending). */
  nextDue(): number {
    let due = Infinity;
    for (const e of this.entries.values()) due = Math.min(due, e.createdAt + (e.decided ? this.keepMs : this.settleMs));
    return due;
  }

  /** Decides moments whose reports have settled and forgets old ones. */
  poll(now: number): DesyncMsg[] {
    const out: DesyncMsg[] = [];
    for (const [key, e] of this.entries) {
      if (!e.decided && now - e.createdAt >= this.settleMs) out.push(...this.decide(e));
      if (e.decided && now - e.createdAt >= this.keepMs) this.entries.delete(key);
    }
    return out;
  }

  private evictOldest(): DesyncMsg[] {
    const [key, e] = this.entries.entries().next().value as [string, Entry];
    this.entries.delete(key);
    return e.decided ? [] : this.decide(e);
  }

  private decide(e: Entry): DesyncMsg[] {
    e.decided = true;
    const counts = new Map<string, number>();
    for (const h of e.hashes.values()) counts.set(h, (counts.get(h) ?? 0) + 1);
    let best: string | null = null;
    let bestCount = 0;
    let tie = false;
    for (const [h, n] of counts) {
      if (n > bestCount) {
        best = h;
        bestCount = n;
        tie = false;
      } else if (n === bestCount) tie = true;
    }
    if (counts.size <= 1) {
      e.majority = best;
      return [];
    }
    e.majority = tie ? null : best;
    // without a majority nobody can tell who is right: every reporting view is named
    const views = [...e.hashes].filter(([, h]) => tie || h !== best).map(([v]) => v);
    return [{ type: "desync", time: e.time, seq: e.seq, views }];
  }
}
