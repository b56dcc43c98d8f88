// The future queue: messages a model scheduled for itself, ordered by (time, seq).
// A binary min-heap; entries are saved in snapshots in (time, seq) order.

export interface FutureEntry {
  time: number;
  /** Creation counter: breaks ties at equal time, oldest first. */
  seq: number;
  /** Model id, or for internal world steps the world id. */
  target: number;
  /** Method name; "" marks a world step. */
  method: string;
  args: unknown[];
}

export function entryBefore(a: FutureEntry, b: FutureEntry): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export class FutureQueue {
  private heap: FutureEntry[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): FutureEntry | undefined {
    return this.heap[0];
  }

  push(entry: FutureEntry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!entryBefore(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  pop(): FutureEntry | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && entryBefore(h[l]!, h[m]!)) m = l;
      if (r < n && entryBefore(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }

  /** Removes every entry matching the predicate; returns how many were removed. */
  removeWhere(match: (e: FutureEntry) => boolean): number {
    const before = this.heap.length;
    const kept = this.heap.filter((e) => !match(e));
    if (kept.length === before) return 0;
    this.heap = [];
    for (const e of this.sorted(kept)) this.heap.push(e); // sorted array is a valid heap
    return before - kept.length;
  }

  /** All entries in (time, seq) order — the canonical order for snapshots and hashes. */
  entries(): FutureEntry[] {
    return this.sorted(this.heap.slice());
  }

  private sorted(list: FutureEntry[]): FutureEntry[] {
    return list.sort((a, b) => a.time - b.time || a.seq - b.seq);
  }

  clear(): void {
    this.heap = [];
  }
}
