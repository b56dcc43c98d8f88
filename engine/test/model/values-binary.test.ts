// The value codec round-trips every typed array kind (views with offsets included), ArrayBuffers
// (with views that share one buffer still sharing it) and BigInts of any size.
import { describe, expect, it } from "vitest";
import { encodeValue } from "../../src/model/values.ts";
import { roundTrip } from "./values-fixtures.ts";

describe("values: typed arrays, ArrayBuffer, BigInt", () => {
  const kinds: [string, () => ArrayBufferView][] = [
    ["Int8Array", () => Int8Array.of(-128, -1, 0, 1, 127)],
    ["Uint8Array", () => Uint8Array.of(0, 1, 128, 255)],
    ["Uint8ClampedArray", () => Uint8ClampedArray.of(0, 100, 255)],
    ["Int16Array", () => Int16Array.of(-32768, -1, 0, 32767)],
    ["Uint16Array", () => Uint16Array.of(0, 1, 65535)],
    ["Int32Array", () => Int32Array.of(-(2 ** 31), -1, 0, 2 ** 31 - 1)],
    ["Uint32Array", () => Uint32Array.of(0, 1, 2 ** 32 - 1)],
    ["Float32Array", () => Float32Array.of(-0, 1.5, NaN, Infinity, Math.fround(0.1))],
    ["Float64Array", () => Float64Array.of(-0, Math.PI, NaN, -Infinity, 5e-324)],
    ["BigInt64Array", () => BigInt64Array.of(-(2n ** 63n), -1n, 0n, 2n ** 63n - 1n)],
    ["BigUint64Array", () => BigUint64Array.of(0n, 1n, 2n ** 64n - 1n)],
  ];
  for (const [name, make] of kinds) {
    it(`round-trips ${name}, element type and bits`, () => {
      const a = make();
      const back = roundTrip(a);
      expect(back.constructor).toBe(a.constructor);
      expect(back.byteLength).toBe(a.byteLength);
      expect(new Uint8Array(back.buffer, back.byteOffset, back.byteLength)).toEqual(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    });

    it(`round-trips an empty ${name}`, () => {
      const Ctor = make().constructor as new (n: number) => ArrayBufferView;
      const back = roundTrip(new Ctor(0));
      expect(back.constructor).toBe(Ctor);
      expect(back.byteLength).toBe(0);
    });
  }

  it("round-trips subarray views with offsets (only the viewed elements)", () => {
    const base = Float64Array.from({ length: 10 }, (_, i) => i + 0.5);
    const view = base.subarray(3, 7);
    expect(view.byteOffset).toBe(24);
    const back = roundTrip(view);
    expect(Array.from(back)).toEqual([3.5, 4.5, 5.5, 6.5]);
    expect(back.length).toBe(4);

    const buf = new ArrayBuffer(32);
    new Uint8Array(buf).forEach((_, i, a) => (a[i] = i));
    const i16 = new Int16Array(buf, 6, 5);
    expect(Array.from(roundTrip(i16))).toEqual(Array.from(i16));
    const u8 = new Uint8Array(buf, 3, 4);
    expect(Array.from(roundTrip(u8))).toEqual([3, 4, 5, 6]);
    // the decoded array owns its buffer: writing to it leaves the source alone
    const copy = roundTrip(u8);
    copy[0] = 99;
    expect(u8[0]).toBe(3);
  });

  it("keeps views of one buffer sharing it (a view spanning the buffer, or the ArrayBuffer, met first)", () => {
    // a late joiner whose views were copies would see a write through one view not show in the other
    const whole = new Float32Array([1.5, 2.5]);
    const bytes = new Uint8Array(whole.buffer);
    const buf = new ArrayBuffer(16);
    const lo = new Int32Array(buf, 0, 2);
    const hi = new Uint16Array(buf, 8, 4);
    lo[1] = 7;
    hi[3] = 9;
    const value = { whole, bytes, buf, lo, hi, again: new Float64Array(buf) };
    const back = roundTrip(value);
    expect(back).toEqual(value);
    expect(back.bytes.buffer).toBe(back.whole.buffer);
    expect(back.lo.buffer).toBe(back.buf);
    expect(back.hi.buffer).toBe(back.buf);
    expect(back.again.buffer).toBe(back.buf);
    expect([back.hi.byteOffset, back.hi.length]).toEqual([8, 4]);
    // the same bytes again (a restored model hashes like the original)
    expect(encodeValue(back)).toEqual(encodeValue(value));
    back.whole[0] = -1; // the same memory: visible through the other view
    expect(Array.from(back.bytes.subarray(0, 4))).toEqual(Array.from(new Uint8Array(Float32Array.of(-1).buffer)));
    back.lo[0] = 123;
    expect(new Int32Array(back.buf)[0]).toBe(123);
    // the buffer met after a view spanning it is that view's buffer, too
    const first = new Uint8Array(4);
    const back2 = roundTrip({ v: first, b: first.buffer });
    expect(back2.b).toBe(back2.v.buffer);
  });

  it("copies a view met first that covers only part of its buffer (the known limit of sharing)", () => {
    const buf = new ArrayBuffer(8);
    const part = new Uint8Array(buf, 4, 4);
    const back = roundTrip({ part, buf });
    expect(back.part.buffer).not.toBe(back.buf);
    expect(back.part.buffer.byteLength).toBe(4);
    expect(back.buf.byteLength).toBe(8);
  });

  it("round-trips ArrayBuffers", () => {
    const buf = new ArrayBuffer(13);
    new Uint8Array(buf).set([1, 2, 3, 250, 0, 7]);
    const back = roundTrip(buf);
    expect(back).toBeInstanceOf(ArrayBuffer);
    expect(back.byteLength).toBe(13);
    expect(new Uint8Array(back)).toEqual(new Uint8Array(buf));
    expect(roundTrip(new ArrayBuffer(0)).byteLength).toBe(0);
  });

  it("round-trips BigInts of any size and sign", () => {
    for (const b of [0n, 1n, -1n, 2n ** 64n, -(2n ** 64n) - 1n, 2n ** 300n + 12345n, -(10n ** 50n)]) {
      expect(roundTrip(b)).toBe(b);
    }
  });
});
