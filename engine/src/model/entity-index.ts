// Entity ids of one world. The algorithm and layout are bitECS 0.4's entity index (without
// versioning): `dense` lists the live ids first and then the free list, `sparse` maps an id to
// its position in `dense`; a new entity takes the first id of the free list, else maxId + 1; a
// removed id swaps places with the last live one. So ids are handed out and recycled exactly as
// a bitECS world would, and a snapshot can hold the index as it is (ids are never remapped).
// Unlike bitECS it keeps both arrays in typed arrays (8 bytes per id, no per-entity objects).

export class EntityIndex {
  /** Live ids are dense[0 .. aliveCount). */
  aliveCount = 0;
  /** The highest id handed out so far (ids start at 1). */
  maxId = 0;
  /** Used length of `denseBuf`: live ids then the free list (bitECS: dense.length; = maxId). */
  private size = 0;
  private denseBuf: Uint32Array;
  /** Id → position in dense, for ids 1 .. maxId. */
  private sparseBuf: Uint32Array;

  constructor(capacity = 1024) {
    this.denseBuf = new Uint32Array(capacity);
    this.sparseBuf = new Uint32Array(capacity + 1);
  }

  /** Rebuilds an index from its dense array (live ids first, then the free list) — snapshot restore. */
  static restore(dense: Uint32Array, aliveCount: number, maxId: number): EntityIndex {
    const n = dense.length;
    if (!(aliveCount <= n && n <= maxId)) throw new RangeError(`entity index: ${aliveCount} alive of ${n} ids with maxId ${maxId}`);
    const idx = new EntityIndex(Math.max(1024, n));
    idx.ensureId(maxId);
    const seen = new Uint8Array(maxId + 1);
    for (let i = 0; i < n; i++) {
      const id = dense[i]!;
      if (id < 1 || id > maxId || seen[id]) throw new RangeError(`entity index: id ${id} at ${i} is out of range or repeated`);
      seen[id] = 1;
      idx.denseBuf[i] = id;
      idx.sparseBuf[id] = i;
    }
    idx.size = n;
    idx.aliveCount = aliveCount;
    idx.maxId = maxId;
    return idx;
  }

  /** Live ids, then the free list (a view: valid until the next add). */
  get dense(): Uint32Array {
    return this.denseBuf.subarray(0, this.size);
  }

  isAlive(id: number): boolean {
    const i = this.sparseBuf[id];
    return i !== undefined && i < this.aliveCount && this.denseBuf[i] === id;
  }

  /** A new live id: the next one of the free list, else maxId + 1. */
  add(): number {
    if (this.aliveCount < this.size) {
      const id = this.denseBuf[this.aliveCount]!;
      this.sparseBuf[id] = this.aliveCount++;
      return id;
    }
    const id = ++this.maxId;
    this.ensureId(id);
    this.denseBuf[this.size++] = id;
    this.sparseBuf[id] = this.aliveCount++;
    return id;
  }

  /** Moves a live id to the head of the free list (swapping it with the last live id). */
  remove(id: number): void {
    if (!this.isAlive(id)) return;
    const dense = this.denseBuf, sparse = this.sparseBuf;
    const at = sparse[id]!;
    const last = this.aliveCount - 1;
    const lastId = dense[last]!;
    sparse[lastId] = at;
    dense[at] = lastId;
    sparse[id] = last;
    dense[last] = id;
    this.aliveCount = last;
  }

  private ensureId(id: number): void {
    if (id < this.sparseBuf.length && id <= this.denseBuf.length) return;
    let cap = this.denseBuf.length;
    while (cap < id + 1) cap *= 2;
    const dense = new Uint32Array(cap);
    dense.set(this.denseBuf.subarray(0, this.size));
    this.denseBuf = dense;
    const sparse = new Uint32Array(cap + 1);
    sparse.set(this.sparseBuf);
    this.sparseBuf = sparse;
  }
}
