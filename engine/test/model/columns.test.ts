// Unit tests of the snapshot column transforms (engine/src/model/columns.ts): id lists as
// zigzag varint differences and byte-shuffled numeric columns round-trip bit-exactly (NaN
// payloads, -0, extremes), cost one byte per id for ascending runs, and refuse truncated input.
import { describe, expect, it } from "vitest";
import { ByteReader, ByteWriter } from "../../src/model/bytes.ts";
import { readIdDeltas, readShuffled, writeIdDeltas, writeShuffled } from "../../src/model/columns.ts";

function roundTripIds(ids: number[]): { back: number[]; bytes: number } {
  const w = new ByteWriter(16);
  writeIdDeltas(w, Uint32Array.from(ids));
  w.u8(0xab); // a sentinel: the reader must stop exactly at the end of the list
  const bytes = w.finish();
  const r = new ByteReader(bytes);
  const back = Array.from(readIdDeltas(r, ids.length));
  expect(r.u8()).toBe(0xab);
  expect(r.done).toBe(true);
  return { back, bytes: bytes.length - 1 };
}

describe("id lists (zigzag varint differences)", () => {
  it("round-trips any u32 ids, ascending, descending and jumping", () => {
    const lists = [[], [1], [1, 2, 3, 4], [5, 4, 3, 1], [0, 0xffffffff, 0, 0xffffffff], [7, 7, 7], [100, 3, 2 ** 24, 2 ** 24 - 1, 65, 2 ** 31, 1]];
    for (const ids of lists) expect(roundTripIds(ids).back).toEqual(ids);
  });

  it("costs one byte per id for a fresh world's 1, 2, 3, …", () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => i + 1);
    expect(roundTripIds(ids).bytes).toBe(10_000);
  });

  it("refuses a truncated list", () => {
    const w = new ByteWriter();
    writeIdDeltas(w, Uint32Array.from([1, 300, 70_000]));
    const bytes = w.finish();
    expect(() => readIdDeltas(new ByteReader(bytes.subarray(0, bytes.length - 1)), 3)).toThrow(/truncated/);
  });
});

describe("byte-shuffled columns", () => {
  const kinds = [Float32Array, Float64Array, Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array] as const;

  it("round-trips every element type bit-exactly", () => {
    for (const Kind of kinds) {
      const a = new Kind(37);
      const bytes = new Uint8Array(a.buffer);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 73 + 11) & 0xff; // arbitrary bit patterns (NaN payloads included)
      const w = new ByteWriter();
      writeShuffled(w, a);
      const r = new ByteReader(w.finish());
      const back = readShuffled(r, Kind as unknown as Float64ArrayConstructor, a.length);
      expect(new Uint8Array(back.buffer), Kind.name).toEqual(bytes);
      expect(r.done).toBe(true);
    }
  });

  it("keeps -0, infinities and a subarray's own elements", () => {
    const whole = Float32Array.from([9, -0, Infinity, -Infinity, 1e-45, 3.4e38, 9]);
    const a = whole.subarray(1, 6);
    const w = new ByteWriter();
    writeShuffled(w, a);
    const out = w.finish();
    expect(out.length).toBe(20);
    const back = readShuffled(new ByteReader(out), Float32Array, 5);
    expect(Array.from(back).map((v) => Object.is(v, -0) ? "-0" : v)).toEqual(["-0", Infinity, -Infinity, Math.fround(1e-45), Math.fround(3.4e38)]);
  });

  it("puts byte j of every element together", () => {
    const w = new ByteWriter();
    writeShuffled(w, Uint16Array.from([0x0102, 0x0304, 0x0506]));
    expect(Array.from(w.finish())).toEqual([0x02, 0x04, 0x06, 0x01, 0x03, 0x05]);
  });
});
