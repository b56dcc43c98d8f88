// Decoding truncated, malformed or garbage bytes with the value codec always throws an Error
// (mostly a RangeError naming the problem) or decodes, and never hangs or crashes.
import { describe, expect, it } from "vitest";
import { decodeValue, encodeValue } from "../../src/model/values.ts";
import { roundTrip } from "./values-fixtures.ts";

/** What decoding `bytes` throws, or null when it decodes. */
function decodeError(bytes: Uint8Array): unknown {
  try {
    decodeValue(bytes);
    return null;
  } catch (err) {
    return err;
  }
}

/** Small deterministic PRNG for garbage inputs (xorshift32). */
function xorshift(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

describe("values: decoding bad bytes throws, never hangs", () => {
  const sample = {
    n: [0, -1, 2 ** 40, 0.5, NaN],
    s: ["", "héllo 🎉"],
    m: new Map<unknown, unknown>([["a", new Set([1, 2])], [3n, Uint16Array.of(1, 2, 3)]]),
    b: new ArrayBuffer(3),
    o: Object.assign(Object.create(null) as object, { k: [true, false, null, undefined] }),
    w: { "\uD800": 1, ok: 2 },
    shared: ((f) => [f, new Uint8Array(f.buffer, 4, 4), f.buffer])(new Float32Array([1, 2])),
  };
  const good = encodeValue(sample);

  it("decodes the sample itself", () => {
    expect(roundTrip(sample)).toEqual(sample);
  });

  it("throws a RangeError for every strict prefix of a valid encoding", () => {
    for (let n = 0; n < good.length; n++) {
      const err = decodeError(good.subarray(0, n));
      expect(err, `prefix of ${n} bytes`).toBeInstanceOf(RangeError);
    }
  });

  it("throws a RangeError for trailing bytes", () => {
    const extra = new Uint8Array(good.length + 1);
    extra.set(good);
    expect(decodeError(extra)).toBeInstanceOf(RangeError);
  });

  it("throws RangeErrors naming the problem for specific malformed inputs", () => {
    const cases: [string, number[], RegExp][] = [
      ["empty input", [], /truncated/],
      ["unknown tag", [0xff], /unknown value tag/],
      ["bad back-reference", [7, 1, 17, 5], /back-reference/],
      ["bad typed array kind", [12, 99, 0], /typed array kind/],
      ["bad wide object key kind", [20, 1, 7], /unknown object key kind 7/],
      ["shared view of a non-buffer", [7, 1, 22, 1, 0, 0, 1], /not an earlier ArrayBuffer or typed array/],
      ["shared view outside its buffer", [7, 2, 13, 2, 0, 0, 22, 1, 1, 0, 5], /outside its buffer of 2 bytes/],
      ["buffer of nothing decoded", [23, 5], /shared buffer reference 5/],
      ["typed array length not a multiple of the element size", [12, 8, 3, 1, 2, 3], /.+/],
      ["declared length past the end", [6, 0xff, 0xff, 0xff, 0xff, 0x0f], /truncated/],
      ["varuint longer than 8 bytes", [7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], /varuint/],
      ["model reference outside a snapshot", [15, 1], /model reference/],
      ["world reference outside a snapshot", [16, 1], /model reference/],
    ];
    for (const [label, bytes, message] of cases) {
      const err = decodeError(Uint8Array.from(bytes));
      expect(err, label).toBeInstanceOf(RangeError);
      expect((err as Error).message, label).toMatch(message);
    }
  });

  it("throws a RangeError (not a crash) for absurdly deep nesting", () => {
    const depth = 200_000;
    const bytes = new Uint8Array(depth * 2 + 1);
    for (let i = 0; i < depth; i++) {
      bytes[2 * i] = 7; // Array
      bytes[2 * i + 1] = 1; // of length 1
    }
    bytes[depth * 2] = 1; // null
    expect(decodeError(bytes)).toBeInstanceOf(RangeError);
  });

  it("throws an Error or returns for random garbage, and always finishes", () => {
    const next = xorshift(12345);
    let threw = 0;
    for (let round = 0; round < 3000; round++) {
      const len = next() % 64;
      const bytes = new Uint8Array(len);
      for (let i = 0; i < len; i++) bytes[i] = next() & 0xff;
      // bias towards valid tags so the decoder gets deep into structures
      if (len > 0) bytes[0] = next() % 20;
      const err = decodeError(bytes);
      if (err !== null) {
        expect(err).toBeInstanceOf(Error);
        threw++;
      }
    }
    expect(threw).toBeGreaterThan(2000);
  });

  it("throws for random single-byte corruptions of a valid encoding, or decodes", () => {
    const next = xorshift(777);
    for (let round = 0; round < 2000; round++) {
      const bytes = good.slice();
      bytes[next() % bytes.length] = next() & 0xff;
      const err = decodeError(bytes);
      if (err !== null) expect(err).toBeInstanceOf(Error);
    }
  });
});
