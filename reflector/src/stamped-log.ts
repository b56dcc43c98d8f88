// The stamped stream after a session's snapshot, kept encoded in one growing byte buffer
// rather than as one Stamped object (and one payload array) per event. A reflector keeps every
// event of the last snapshot interval; as objects they all survived their first young-
// generation collections and were copied there, which made V8's scavenges 2–4× longer (≈2.5 ms
// instead of ≈0.65 ms with 32 clients × 60 events/s) — and an event that arrives during a
// scavenge waits it out, which is the reflector's latency tail. Encoded, the log is no work for
// the scavenger, and a joiner's JOINED takes the bytes as they are (encodedEvents): the log is
// in the wire layout of JOINED's events (count × stamped), so nothing is decoded on a join.
import { decodeServerFrame, encodeServerMsgs, FrameKind } from "../../engine/src/protocol/codec.ts";
import { DEFAULT_SEND_LIMITS, type EncodedStamped, type Stamped } from "../../engine/src/protocol/messages.ts";

const INITIAL_BYTES = 4096;
const INITIAL_RECORDS = 64;

export class StampedLog {
  /** Records back to back, each a `stamped` in the codec's wire layout. */
  private bytes = new Uint8Array(INITIAL_BYTES);
  private used = 0;
  /** Start of record i, and its seq (looked up without decoding). */
  private starts = new Uint32Array(INITIAL_RECORDS);
  private seqs = new Uint32Array(INITIAL_RECORDS);
  private count = 0;

  static from(items: Iterable<Stamped>): StampedLog {
    const log = new StampedLog();
    for (const m of items) log.push(m);
    return log;
  }

  get length(): number {
    return this.count;
  }

  /** Bytes held (for diagnostics). */
  get byteLength(): number {
    return this.used;
  }

  push(m: Stamped): void {
    // an EVENT message is its kind byte followed by the stamped
    const rec = encodeServerMsgs([{ type: "event", event: m }]).subarray(1);
    if (this.used + rec.length > this.bytes.length) this.bytes = grown(this.bytes, this.used + rec.length);
    if (this.count === this.starts.length) {
      this.starts = grown(this.starts, this.count + 1);
      this.seqs = grown(this.seqs, this.count + 1);
    }
    this.bytes.set(rec, this.used);
    this.starts[this.count] = this.used;
    this.seqs[this.count] = m.seq;
    this.count++;
    this.used += rec.length;
  }

  /** Record i, decoded (a fresh object with its own payload copy). */
  at(i: number): Stamped {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`stamped log: no record ${i} (length ${this.count})`);
    const start = this.starts[i]!;
    const end = i + 1 < this.count ? this.starts[i + 1]! : this.used;
    const frame = new Uint8Array(1 + end - start);
    frame[0] = FrameKind.EVENT;
    frame.set(this.bytes.subarray(start, end), 1);
    const msg = decodeServerFrame(frame)[0]!;
    if (msg.type !== "event") throw new Error(`stamped log: record ${i} is not an event`);
    return msg.event;
  }

  /** The records as JOINED carries them: a copy of the bytes (the log changes after). */
  encoded(): EncodedStamped {
    return { count: this.count, bytes: this.bytes.slice(0, this.used) };
  }

  toArray(): Stamped[] {
    const out: Stamped[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.at(i));
    return out;
  }

  map<T>(f: (m: Stamped, i: number) => T): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(f(this.at(i), i));
    return out;
  }

  *[Symbol.iterator](): IterableIterator<Stamped> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }

  seqAt(i: number): number {
    return this.seqs[i]!;
  }

  /** Index of the record stamped with `seq`, or -1. */
  indexOfSeq(seq: number): number {
    const s = seq >>> 0;
    for (let i = 0; i < this.count; i++) if (this.seqs[i] === s) return i;
    return -1;
  }

  /** Drops records 0..i (a snapshot now covers them); keeps the rest in order. */
  dropThrough(i: number): void {
    const keep = i + 1;
    if (keep <= 0) return;
    if (keep >= this.count) {
      this.count = 0;
      this.used = 0;
      if (this.bytes.length > INITIAL_BYTES) this.bytes = new Uint8Array(INITIAL_BYTES);
      if (this.starts.length > INITIAL_RECORDS) {
        this.starts = new Uint32Array(INITIAL_RECORDS);
        this.seqs = new Uint32Array(INITIAL_RECORDS);
      }
      return;
    }
    const from = this.starts[keep]!;
    this.bytes.copyWithin(0, from, this.used);
    this.used -= from;
    for (let j = keep; j < this.count; j++) {
      this.starts[j - keep] = this.starts[j]! - from;
      this.seqs[j - keep] = this.seqs[j]!;
    }
    this.count -= keep;
    // give back what a long interval without snapshots made it grow to (capacity, not just length)
    if (this.bytes.length > INITIAL_BYTES && this.used * 4 < this.bytes.length) this.bytes = this.bytes.slice(0, Math.max(INITIAL_BYTES, this.used * 2));
    if (this.starts.length > INITIAL_RECORDS && this.count * 4 < this.starts.length) {
      const cap = Math.max(INITIAL_RECORDS, this.count * 2);
      this.starts = this.starts.slice(0, cap);
      this.seqs = this.seqs.slice(0, cap);
    }
  }

  /** An independent copy. */
  copy(): StampedLog {
    const c = new StampedLog();
    c.bytes = this.bytes.slice(0, Math.max(this.used, INITIAL_BYTES));
    c.used = this.used;
    c.starts = this.starts.slice(0, Math.max(this.count, INITIAL_RECORDS));
    c.seqs = this.seqs.slice(0, Math.max(this.count, INITIAL_RECORDS));
    c.count = this.count;
    return c;
  }
}

/** A copy of `a` with room for at least `need` elements (capacity doubles). */
function grown<T extends Uint8Array | Uint32Array>(a: T, need: number): T {
  let cap = a.length * 2;
  while (cap < need) cap *= 2;
  const next = new (a.constructor as new (n: number) => T)(cap);
  next.set(a);
  return next;
}

/** The events of an EncodedStamped, decoded (via a JOINED frame around them, so the codec's checks apply). */
export function decodeEncodedStamped(e: EncodedStamped): Stamped[] {
  const frame = encodeServerMsgs([{ type: "joined", viewId: "", snapshot: null, events: [], encodedEvents: e, time: 0, lastClientSeq: 0, limits: DEFAULT_SEND_LIMITS }]);
  const msg = decodeServerFrame(frame)[0]!;
  if (msg.type !== "joined") throw new Error("encoded stamped: not decodable");
  return msg.events;
}
