// The value codec round-trips numbers bit-exactly (-0, NaN, ±Infinity included), strings of every
// kind (lone surrogates included), booleans, null and undefined.
import { describe, expect, it } from "vitest";
import { encodeValue } from "../../src/model/values.ts";
import { roundTrip } from "./values-fixtures.ts";

describe("values: numbers", () => {
  const numbers = [
    0, 1, -1, 42, 127, 128, 255, 256, 65535, 65536,
    2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 32 + 1,
    Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53, 2 ** 60, 1e21, -1e300,
    0.1, 0.2, 0.1 + 0.2, -0.5, Math.PI, 1 / 3, 5e-324, -5e-324, 2.2250738585072014e-308,
    Number.MAX_VALUE, -Number.MAX_VALUE, Number.EPSILON, 1.0000000000000002,
    Math.fround(0.1), 123456789.123456789,
  ];
  for (const n of numbers) {
    it(`round-trips ${Object.is(n, -0) ? "-0" : String(n)} bit-exactly`, () => {
      expect(Object.is(roundTrip(n), n)).toBe(true);
    });
  }

  it("keeps -0 distinct from 0", () => {
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    expect(Object.is(roundTrip(0), 0)).toBe(true);
    expect(encodeValue(-0)).not.toEqual(encodeValue(0));
  });

  it("round-trips NaN, Infinity and -Infinity", () => {
    expect(roundTrip(NaN)).toBeNaN();
    expect(roundTrip(Infinity)).toBe(Infinity);
    expect(roundTrip(-Infinity)).toBe(-Infinity);
    expect(roundTrip([NaN, Infinity, -Infinity, -0])).toEqual([NaN, Infinity, -Infinity, -0]);
  });

  it("encodes small integers compactly and equal values to equal bytes", () => {
    expect(encodeValue(7).length).toBeLessThan(encodeValue(7.5).length);
    expect(encodeValue(1e10)).toEqual(encodeValue(1e10));
  });
});

describe("values: strings, booleans, null, undefined", () => {
  const strings: [string, string][] = [
    ["empty", ""],
    ["ascii", "hello"],
    ["latin-1", "héllo wörld ñ"],
    ["CJK", "日本語のテキスト"],
    ["astral emoji (surrogate pairs)", "🎉👩‍👩‍👧‍👦🚀"],
    ["combining marks", "e\u0301a\u0308"],
    ["NUL and controls", "a\u0000b\u0001\n\t\r"],
    ["BOM and U+FFFF", "\uFEFFx\uFFFF"],
    ["long (200 000 chars)", "abc✓🎉".repeat(40_000)],
  ];
  for (const [label, s] of strings) {
    it(`round-trips a ${label} string`, () => {
      const back = roundTrip(s);
      expect(back).toBe(s);
      expect(back.length).toBe(s.length);
    });
  }

  it("round-trips strings holding lone surrogates unchanged", () => {
    // UTF-8 cannot hold a lone surrogate; a lossy codec would turn it into U+FFFD, so a late
    // joiner would hold a different string than the clients that never restored.
    for (const s of ["\uD800", "a\uDC00b", "x\uDBFF", "\uDFFF\uD800", "🎉\uD83D"]) {
      const back = roundTrip({ s, m: new Map([[s, s]]) });
      expect(back.s).toBe(s);
      expect([...back.m.keys()][0]).toBe(s);
      expect(back.m.get(s)).toBe(s);
    }
    expect(encodeValue("\uD800")).not.toEqual(encodeValue("\uFFFD"));
  });

  it("round-trips object keys holding lone surrogates, in plain and null-prototype objects", () => {
    // keys went through UTF-8 and came back as U+FFFD: a late joiner's object had other keys
    const keys = ["\uD800", "ok", "a\uDC00b", "", "🎉\uD83D"];
    const plain: Record<string, number> = Object.fromEntries(keys.map((k, i) => [k, i]));
    const bare: Record<string, number> = Object.assign(Object.create(null) as Record<string, number>, plain);
    const value = { plain, bare, nested: [{ "\uDFFF": { "\uDFFF": "\uDFFF" } }] };
    const back = roundTrip(value);
    expect(Object.keys(back.plain)).toEqual(keys);
    expect(Object.keys(back.bare)).toEqual(keys);
    expect(Object.getPrototypeOf(back.bare)).toBeNull();
    expect(Object.getPrototypeOf(back.plain)).toBe(Object.prototype);
    expect(back).toEqual(value);
    // the same bytes again: the snapshot hash of a restored model equals the original's
    expect(encodeValue(back)).toEqual(encodeValue(value));
    expect(encodeValue({ "\uD800": 1 })).not.toEqual(encodeValue({ "\uFFFD": 1 }));
    // objects whose keys are all well formed keep the compact encoding (same tag as before)
    expect(encodeValue({ a: 1 })[0]).toBe(encodeValue({})[0]);
    expect(encodeValue({ "\uD800": 1 })[0]).not.toBe(encodeValue({})[0]);
  });

  it("round-trips booleans, null and undefined", () => {
    expect(roundTrip(true)).toBe(true);
    expect(roundTrip(false)).toBe(false);
    expect(roundTrip(null)).toBe(null);
    expect(roundTrip(undefined)).toBe(undefined);
  });

  it("keeps object keys whose value is undefined", () => {
    const back = roundTrip({ a: undefined, b: null });
    expect(Object.keys(back)).toEqual(["a", "b"]);
    expect("a" in back).toBe(true);
    expect(back.a).toBeUndefined();
    expect(back.b).toBeNull();
  });
});
