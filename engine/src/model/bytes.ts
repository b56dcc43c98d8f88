// Growable little-endian byte writer and matching reader, used by snapshots and payload codecs.
const textEncoder = new TextEncoder();
// ignoreBOM: a leading U+FEFF is part of the string, not a byte-order mark to strip
const textDecoder = new TextDecoder("utf-8", { ignoreBOM: true });

type MaybeWellFormed = { isWellFormed?: () => boolean };
/** True when a string holds a lone surrogate, which UTF-8 cannot represent. */
export const hasLoneSurrogate: (s: string) => boolean =
  typeof (String.prototype as MaybeWellFormed).isWellFormed === "function"
    ? (s) => !(s as unknown as Required<MaybeWellFormed>).isWellFormed()
    : (s) => /\p{Cs}/u.test(s);

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialSize = 1024) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
  }
  i32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.length, v | 0, true);
    this.length += 4;
  }
  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }
  /** Unsigned LEB128 for non-negative integers up to 2^53. */
  varuint(v: number): void {
    this.ensure(8);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }
  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }
  /**
   * A string that must come back exactly, lone surrogates included (names model code or user
   * input chose): u8 0 then UTF-8 (string()), or u8 1 then the UTF-16 code units.
   */
  text(s: string): void {
    if (!hasLoneSurrogate(s)) {
      this.u8(0);
      this.string(s);
      return;
    }
    this.u8(1);
    this.utf16(s);
  }
  /** A string as its UTF-16 code units (count, then each unit as a varuint): lossless, unlike UTF-8. */
  utf16(s: string): void {
    this.varuint(s.length);
    for (let i = 0; i < s.length; i++) this.varuint(s.charCodeAt(i));
  }
  /** Length-prefixed UTF-8 string. */
  string(s: string): void {
    // Worst case 3 bytes per UTF-16 unit; encodeInto avoids an intermediate copy.
    this.ensure(s.length * 3 + 5);
    const at = this.length;
    this.length += 5; // reserve space for a fixed 5-byte length so we can write it afterwards
    const { written } = textEncoder.encodeInto(s, this.buf.subarray(this.length));
    this.length += written;
    let n = written;
    for (let i = 0; i < 5; i++) {
      this.buf[at + i] = (n & 0x7f) | (i < 4 ? 0x80 : 0);
      n >>>= 7;
    }
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export class ByteReader {
  private readonly view: DataView;
  offset = 0;

  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private need(n: number): void {
    if (this.offset + n > this.buf.length) throw new RangeError(`truncated data: need ${n} bytes at offset ${this.offset} of ${this.buf.length}`);
  }
  get done(): boolean {
    return this.offset >= this.buf.length;
  }
  u8(): number {
    this.need(1);
    return this.buf[this.offset++]!;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }
  varuint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.u8();
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 0x80;
    }
    throw new RangeError("varuint too long");
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  /** What ByteWriter.text wrote; `what` names it in the error for a bad kind byte. */
  text(what = "text"): string {
    const kind = this.u8();
    if (kind === 0) return this.string();
    if (kind !== 1) throw new RangeError(`unknown ${what} kind ${kind} at offset ${this.offset - 1}`);
    return this.utf16();
  }
  /** What ByteWriter.utf16 wrote. */
  utf16(): string {
    const n = this.varuint();
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.varuint());
    return s;
  }
  string(): string {
    let n = 0;
    for (let i = 0; i < 5; i++) n |= (this.u8() & 0x7f) << (7 * i);
    return textDecoder.decode(this.bytes(n >>> 0));
  }
}
