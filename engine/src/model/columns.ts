// Column transforms for world snapshots, chosen so the deflate the client applies before
// uploading finds the redundancy: entity-id lists as zigzag varints of successive differences
// (a fresh world's 1, 2, 3, … costs one byte per id), numeric columns byte-shuffled (all first
// bytes of the elements, then all second bytes, …: the exponent bytes of floats repeat a lot,
// which deflate only sees when they are next to each other). Both are exact (lossless).
import type { ByteReader, ByteWriter } from "./bytes.ts";

/** Writes ids as zigzag LEB128 varints of the differences to the previous id (the first to 0). */
export function writeIdDeltas(w: ByteWriter, ids: ArrayLike<number>): void {
  const n = ids.length;
  const out = new Uint8Array(n * 5 + 8); // a difference of two u32 needs ≤ 33 bits: ≤ 5 bytes
  let at = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const d = id - prev;
    prev = id;
    let z = d >= 0 ? d * 2 : -d * 2 - 1; // zigzag without 32-bit overflow
    while (z >= 0x80) {
      out[at++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
    out[at++] = z;
  }
  w.bytes(out.subarray(0, at));
}

/** Reads `n` ids written by `writeIdDeltas`. */
export function readIdDeltas(r: ByteReader, n: number): Uint32Array {
  const ids = new Uint32Array(n);
  const buf = r.buf;
  let at = r.offset;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    let z = 0;
    let scale = 1;
    for (let k = 0; ; k++) {
      if (at >= buf.length) throw new RangeError(`truncated data: id list ends at offset ${at} of ${buf.length}`);
      if (k === 5) throw new RangeError("id difference too long");
      const b = buf[at++]!;
      z += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
    }
    const id = prev + (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
    if (!(id >= 0 && id <= 0xffffffff)) throw new RangeError(`id list decodes to ${id}, outside u32`);
    ids[i] = id;
    prev = id;
  }
  r.offset = at;
  return ids;
}

/** Writes a typed array byte-shuffled: byte 0 of every element, then byte 1, … (little-endian). */
export function writeShuffled(w: ByteWriter, a: ArrayBufferView & { readonly length: number; readonly BYTES_PER_ELEMENT: number }): void {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const k = a.BYTES_PER_ELEMENT;
  if (k === 1) return w.bytes(bytes);
  const n = a.length;
  const out = new Uint8Array(bytes.length);
  for (let j = 0; j < k; j++) {
    const base = j * n;
    for (let i = 0, src = j; i < n; i++, src += k) out[base + i] = bytes[src]!;
  }
  w.bytes(out);
}

/** Reads `n` elements written by `writeShuffled` into a new typed array of the given kind. */
export function readShuffled<T extends ArrayBufferView>(r: ByteReader, Kind: { new (buf: ArrayBuffer): T; readonly BYTES_PER_ELEMENT: number }, n: number): T {
  const k = Kind.BYTES_PER_ELEMENT;
  const src = r.bytes(n * k);
  const out = new Uint8Array(n * k); // fresh and aligned
  if (k === 1) out.set(src);
  else {
    for (let j = 0; j < k; j++) {
      const base = j * n;
      for (let i = 0, dst = j; i < n; i++, dst += k) out[dst] = src[base + i]!;
    }
  }
  return new Kind(out.buffer);
}
