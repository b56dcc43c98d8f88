// A small ring of recorded world states (copies of a few component fields, indexed by
// entity id, each stamped with its step's model time) for renderers to interpolate between.
// Recording is one TypedArray.set per field — a memcpy-speed copy, no per-entity work — and
// nothing is allocated once the ring is full unless the world's stores grow.

/** Slots around a draw time: draw `a + (b − a) · alpha`. */
export interface Bracket {
  a: number;
  b: number;
  alpha: number;
}

export class StepHistory {
  /** Model time of each slot. */
  readonly times: Float64Array;
  /** slots[s][f]: field f as recorded in slot s, indexed by entity id. */
  readonly slots: Float64Array[][];
  private head = -1;
  private count = 0;
  private capacity: number;

  constructor(readonly fields: number, readonly size: number, capacity = 1024) {
    if (!(size >= 2)) throw new Error(`StepHistory needs at least 2 slots, got ${size}`);
    this.capacity = capacity;
    this.times = new Float64Array(size);
    this.slots = [];
    for (let s = 0; s < size; s++) {
      const row: Float64Array[] = [];
      for (let f = 0; f < fields; f++) row.push(new Float64Array(capacity));
      this.slots.push(row);
    }
  }

  /** States held (0..size). */
  get length(): number {
    return this.count;
  }

  get newestTime(): number {
    return this.count === 0 ? NaN : this.times[this.head]!;
  }

  get oldestTime(): number {
    return this.count === 0 ? NaN : this.times[this.slotAt(0)]!;
  }

  /** Slot index of the i-th state held, oldest first. */
  slotAt(i: number): number {
    return (this.head - this.count + 1 + i + this.size * 2) % this.size;
  }

  /** Records the current field arrays as the state at `time` (a time not after the newest overwrites it). */
  record(time: number, sources: readonly ArrayLike<number>[]): void {
    this.fit(sources);
    if (this.count === 0 || time > this.times[this.head]!) {
      this.head = (this.head + 1) % this.size;
      if (this.count < this.size) this.count++;
    }
    this.times[this.head] = time;
    const row = this.slots[this.head]!;
    for (let f = 0; f < this.fields; f++) row[f]!.set(sources[f]!);
  }

  /**
   * Writes an entity's current values into every slot: an entity that just appeared is
   * drawn where it is, instead of sliding in from whatever its id held before.
   */
  backfill(eid: number, sources: readonly ArrayLike<number>[]): void {
    this.fit(sources);
    for (let s = 0; s < this.size; s++) {
      const row = this.slots[s]!;
      for (let f = 0; f < this.fields; f++) row[f]![eid] = sources[f]![eid]!;
    }
  }

  /** Finds the two states around `time` (clamped to the oldest/newest held) into `out`. */
  bracket(time: number, out: Bracket): Bracket {
    if (this.count === 0) throw new Error("StepHistory.bracket: nothing recorded yet");
    // walk back from the newest: the drawn time is nearly always within the last few states
    for (let i = this.count - 1; i >= 0; i--) {
      const s = this.slotAt(i);
      const t = this.times[s]!;
      if (t <= time) {
        if (i === this.count - 1) {
          out.a = out.b = s;
          out.alpha = 0;
        } else {
          const n = this.slotAt(i + 1);
          out.a = s;
          out.b = n;
          const span = this.times[n]! - t;
          const alpha = (time - t) / span;
          out.alpha = alpha < 1 ? alpha : 1;
        }
        return out;
      }
    }
    out.a = out.b = this.slotAt(0);
    out.alpha = 0;
    return out;
  }

  /** Forgets every state (e.g. after a jump there is nothing to interpolate across). */
  clear(): void {
    this.head = -1;
    this.count = 0;
  }

  private fit(sources: readonly ArrayLike<number>[]): void {
    let need = this.capacity;
    for (const src of sources) if (src.length > need) need = src.length;
    if (need === this.capacity) return;
    // world stores grew (more entities): grow every slot, keeping what was recorded
    for (const row of this.slots) {
      for (let f = 0; f < this.fields; f++) {
        const next = new Float64Array(need);
        next.set(row[f]!);
        row[f] = next;
      }
    }
    this.capacity = need;
  }
}
