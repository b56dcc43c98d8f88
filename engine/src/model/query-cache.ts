// Sorted query results of one world, kept up to date incrementally. A query is a component
// mask; its result is the ascending array of the live entities whose mask contains it. The
// world reports every membership change (`note`); the result is brought up to date only when
// the query is asked for again (`refresh`): appends of ids above the current maximum (the usual
// spawn) copy the old array and add the new ids at the end; removals and other insertions are
// one merge pass; a full rebuild happens only for a new query or after very many changes.
// A result array is never mutated once returned: callers may keep it (e.g. to diff against the
// next one, or to keep iterating it while removing entities).
import type { EntityIndex } from "./entity-index.ts";

/** Per-entity component masks: as many bytes as the world's component count needs. */
export type MaskArray = Uint8Array | Uint16Array | Uint32Array;

const EMPTY = new Uint32Array(0);

export class SortedQuery {
  /** The current (or, while `dirty`, the last) result. */
  ids: Uint32Array = EMPTY;
  /** Something changed since `ids` was made. */
  dirty = true;
  /** Ids that entered since `ids` was made (unsorted, may hold ids that left again). */
  private added: number[] = [];
  /** Some id left since `ids` was made. */
  private lost = false;
  /** `added` was given up (too many changes, or never built): rebuild from scratch. */
  private stale = true;

  constructor(readonly mask: number) {}

  /** Whether an entity with this component mask is in the result (for a live entity). */
  matches(entityMask: number): boolean {
    return (entityMask & this.mask) === this.mask;
  }

  /** An entity's membership changed from `was` to `is`. */
  note(eid: number, was: boolean, is: boolean): void {
    if (was === is) return;
    this.dirty = true;
    if (!is) this.lost = true;
    else if (!this.stale) {
      this.added.push(eid);
      if (this.added.length > 64 + this.ids.length) this.giveUp();
    }
  }

  /** Forget incremental state; the next refresh rebuilds (e.g. after a snapshot restore). */
  giveUp(): void {
    this.stale = true;
    this.dirty = true;
    this.added = [];
  }

  /**
   * Brings `ids` up to date (call when `dirty`). `masks`: the component mask of every entity id,
   * 0 for dead ids, longer than `index.maxId`.
   */
  refresh(masks: MaskArray, index: EntityIndex): Uint32Array {
    const ids = this.stale ? this.rebuild(masks, index) : this.update(masks, index);
    this.ids = ids;
    this.dirty = false;
    this.stale = false;
    this.lost = false;
    this.added = [];
    return ids;
  }

  private has(masks: MaskArray, index: EntityIndex, eid: number): boolean {
    const m = this.mask;
    return (masks[eid]! & m) === m && (m !== 0 || index.isAlive(eid));
  }

  private rebuild(masks: MaskArray, index: EntityIndex): Uint32Array {
    const { aliveCount: n, maxId } = index;
    const m = this.mask;
    const out = new Uint32Array(n);
    let k = 0;
    if (maxId <= 2 * n + 64) {
      // ids mostly alive: one ascending scan, no sort
      for (let e = 1; e <= maxId; e++) if ((masks[e]! & m) === m && (m !== 0 || index.isAlive(e))) out[k++] = e;
      return k === n ? out : out.slice(0, k);
    }
    const dense = index.dense;
    for (let i = 0; i < n; i++) {
      const e = dense[i]!;
      if ((masks[e]! & m) === m) out[k++] = e;
    }
    return out.subarray(0, k).sort().slice();
  }

  private update(masks: MaskArray, index: EntityIndex): Uint32Array {
    const old = this.ids;
    const added = this.added;
    // entered ids still in, ascending, without duplicates (an id can leave and re-enter)
    let a = new Uint32Array(added.length);
    let na = 0;
    for (let i = 0; i < added.length; i++) if (this.has(masks, index, added[i]!)) a[na++] = added[i]!;
    a = a.subarray(0, na).sort();
    let u = 0;
    for (let i = 0; i < na; i++) if (i === 0 || a[i] !== a[u - 1]) a[u++] = a[i]!;
    na = u;
    const no = old.length;
    if (!this.lost && (no === 0 || na === 0 || a[0]! > old[no - 1]!)) {
      // nothing left, so no entered id is in `old`: append
      if (na === 0) return old;
      const out = new Uint32Array(no + na);
      out.set(old);
      out.set(a.subarray(0, na), no);
      return out;
    }
    // merge: old ids that are still in, plus the entered ones
    const out = new Uint32Array(no + na);
    let i = 0, j = 0, k = 0;
    while (i < no && j < na) {
      const e = old[i]!, f = a[j]!;
      if (e < f) {
        if (this.has(masks, index, e)) out[k++] = e;
        i++;
      } else {
        out[k++] = f;
        j++;
        if (e === f) i++; // left and came back: once
      }
    }
    for (; i < no; i++) if (this.has(masks, index, old[i]!)) out[k++] = old[i]!;
    for (; j < na; j++) out[k++] = a[j]!;
    return k === out.length ? out : out.slice(0, k);
  }
}
