// On-disk formats of disk storage (little-endian), independent of the wire protocol:
//   log.bin       "TNDL" u16 format, then records: u32 bodyLength, u8 type, body
//                   1 CHECKPOINT u8 hasBase, u32 baseSeq, u8 hasNext, u32 nextSeq, f64 time,
//                                u32 n, n × (str viewId, u32 clientSeq), u32 m, m × (str viewId, bytes viewData)
//                   2 STAMP      u32 clientSeq, u8 streamKind, f64 time, u32 seq, str viewId, bytes payload
//                   3 TIME       f64 time
//   snapshot.bin  "TNDS" u16 format, f64 time, u32 seq, bytes data
// str = u16 length + UTF-8, bytes = u32 length + raw. A torn last record (a kill mid-write)
// is detected by its length and dropped on load.
import type { SnapshotRef, Stamped, StreamKind } from "../../../engine/src/protocol/messages.ts";
import type { Checkpoint } from "./journal.ts";
import type { LogRecord } from "./types.ts";

const LOG_MAGIC = [0x54, 0x4e, 0x44, 0x4c]; // TNDL
const SNAP_MAGIC = [0x54, 0x4e, 0x44, 0x53]; // TNDS
const FORMAT = 1;
const T_CHECKPOINT = 1;
const T_STAMP = 2;
const T_TIME = 3;
export const LOG_HEADER_BYTES = 6;

const enc = new TextEncoder();
const dec = new TextDecoder();

class Out {
  private chunks: Uint8Array[] = [];
  private cur = new Uint8Array(256);
  private view = new DataView(this.cur.buffer);
  private pos = 0;
  private ensure(n: number): void {
    if (this.pos + n <= this.cur.length) return;
    this.chunks.push(this.cur.subarray(0, this.pos));
    this.cur = new Uint8Array(Math.max(256, n));
    this.view = new DataView(this.cur.buffer);
    this.pos = 0;
  }
  u8(v: number): void {
    this.ensure(1);
    this.view.setUint8(this.pos, v);
    this.pos += 1;
  }
  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
  }
  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }
  raw(b: Uint8Array): void {
    if (b.length > 4096) {
      this.chunks.push(this.cur.subarray(0, this.pos), b);
      this.cur = new Uint8Array(256);
      this.view = new DataView(this.cur.buffer);
      this.pos = 0;
      return;
    }
    this.ensure(b.length);
    this.cur.set(b, this.pos);
    this.pos += b.length;
  }
  str(s: string): void {
    const b = enc.encode(s);
    this.u16(b.length);
    this.raw(b);
  }
  blob(b: Uint8Array): void {
    this.u32(b.length);
    this.raw(b);
  }
  bytes(): Uint8Array {
    const parts = [...this.chunks, this.cur.subarray(0, this.pos)];
    const out = new Uint8Array(parts.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

class In {
  private readonly view: DataView;
  pos: number;
  constructor(
    private readonly b: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    this.pos = start;
  }
  private need(n: number): void {
    if (this.pos + n > this.end) throw new RangeError("truncated record");
  }
  u8(): number {
    this.need(1);
    return this.view.getUint8(this.pos++);
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  str(): string {
    const n = this.u16();
    this.need(n);
    const s = dec.decode(this.b.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
  blob(): Uint8Array {
    const n = this.u32();
    this.need(n);
    const out = new Uint8Array(n);
    out.set(this.b.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }
}

function record(type: number, body: (o: Out) => void): Uint8Array {
  const o = new Out();
  body(o);
  const b = o.bytes();
  const out = new Uint8Array(5 + b.length);
  new DataView(out.buffer).setUint32(0, b.length + 1, true);
  out[4] = type;
  out.set(b, 5);
  return out;
}

export function logHeader(): Uint8Array {
  const h = new Uint8Array(LOG_HEADER_BYTES);
  h.set(LOG_MAGIC);
  new DataView(h.buffer).setUint16(4, FORMAT, true);
  return h;
}

export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  return record(T_CHECKPOINT, (o) => {
    o.u8(c.baseSeq === null ? 0 : 1);
    o.u32(c.baseSeq ?? 0);
    o.u8(c.nextSeq === null ? 0 : 1);
    o.u32(c.nextSeq ?? 0);
    o.f64(c.time);
    o.u32(c.clientSeqs.size);
    for (const [v, s] of c.clientSeqs) {
      o.str(v);
      o.u32(s);
    }
    o.u32(c.views.size);
    for (const [v, d] of c.views) {
      o.str(v);
      o.blob(d);
    }
  });
}

export function encodeRecord(r: LogRecord): Uint8Array {
  if (r.type === "time") return record(T_TIME, (o) => o.f64(r.time));
  const m = r.stamped;
  return record(T_STAMP, (o) => {
    o.u32(r.clientSeq);
    o.u8(m.kind);
    o.f64(m.time);
    o.u32(m.seq);
    o.str(m.viewId);
    o.blob(m.payload);
  });
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface ParsedLog {
  checkpoint: Checkpoint | null;
  records: LogRecord[];
  /** Bytes of the file that parsed cleanly (anything after is a torn write to cut off). */
  validLength: number;
}

/** Parses a log file; throws only when the header is not a Tandem log. */
export function parseLog(b: Uint8Array): ParsedLog {
  if (b.length < LOG_HEADER_BYTES || LOG_MAGIC.some((x, i) => b[i] !== x)) throw new Error("not a Tandem log file");
  const format = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint16(4, true);
  if (format !== FORMAT) throw new Error(`unsupported log format ${format}`);
  const out: ParsedLog = { checkpoint: null, records: [], validLength: LOG_HEADER_BYTES };
  let pos = LOG_HEADER_BYTES;
  while (pos + 5 <= b.length) {
    const len = new DataView(b.buffer, b.byteOffset + pos, 4).getUint32(0, true);
    const end = pos + 4 + len;
    if (len < 1 || end > b.length) break;
    const r = new In(b, pos + 5, end);
    const type = b[pos + 4];
    try {
      if (type === T_CHECKPOINT) {
        const hasBase = r.u8();
        const baseSeq = r.u32();
        const hasNext = r.u8();
        const nextSeq = r.u32();
        const time = r.f64();
        const clientSeqs = new Map<string, number>();
        for (let n = r.u32(); n > 0; n--) clientSeqs.set(r.str(), r.u32());
        const views = new Map<string, Uint8Array>();
        for (let n = r.u32(); n > 0; n--) views.set(r.str(), r.blob());
        out.checkpoint = { baseSeq: hasBase ? baseSeq : null, nextSeq: hasNext ? nextSeq : null, time, clientSeqs, views };
      } else if (type === T_STAMP) {
        const clientSeq = r.u32();
        const stamped: Stamped = { kind: r.u8() as StreamKind, time: r.f64(), seq: r.u32(), viewId: r.str(), payload: r.blob() };
        out.records.push({ type: "stamp", stamped, clientSeq });
      } else if (type === T_TIME) {
        out.records.push({ type: "time", time: r.f64() });
      } else break;
    } catch {
      break;
    }
    if (r.pos !== end) break;
    pos = end;
    out.validLength = pos;
  }
  return out;
}

export function encodeSnapshotFile(s: SnapshotRef): Uint8Array {
  const head = new Uint8Array(4 + 2 + 8 + 4 + 4);
  head.set(SNAP_MAGIC);
  const v = new DataView(head.buffer);
  v.setUint16(4, FORMAT, true);
  v.setFloat64(6, s.time, true);
  v.setUint32(14, s.seq, true);
  v.setUint32(18, s.data.length, true);
  return concat([head, s.data]);
}

/** Parses a snapshot file; throws when it is not a complete one. */
export function parseSnapshotFile(b: Uint8Array): SnapshotRef {
  if (b.length < 22 || SNAP_MAGIC.some((x, i) => b[i] !== x)) throw new Error("not a Tandem snapshot file");
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (v.getUint16(4, true) !== FORMAT) throw new Error(`unsupported snapshot format ${v.getUint16(4, true)}`);
  const n = v.getUint32(18, true);
  if (22 + n !== b.length) throw new Error(`snapshot file is ${b.length} bytes, expected ${22 + n}`);
  return { time: v.getFloat64(6, true), seq: v.getUint32(14, true), data: new Uint8Array(b.buffer, b.byteOffset + 22, n) };
}
