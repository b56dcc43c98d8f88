// Unit tests of the value codec (engine/src/model/values.ts): round-trips of every supported
// kind of value, shared references and cycles, errors naming the field path for what cannot be
// serialized, and decoding of truncated or garbage bytes (always an Error, never a hang).
import { describe, expect, it } from "vitest";
import { decodeValue, encodeValue } from "../../src/model/values.ts";

/** Encodes and decodes one value. */
function roundTrip<T>(value: T): T {
  return decodeValue(encodeValue(value)) as T;
}

/** What encoding `value` throws (fails the test if it does not throw). */
function encodeError(value: unknown, label?: string): Error {
  try {
    encodeValue(value, label);
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    return err as Error;
  }
  throw new Error("expected encodeValue to throw");
}

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

describe("values: arrays and objects", () => {
  it("round-trips empty, nested and mixed arrays", () => {
    const v = [[], [1, [2, [3, [4, [5]]]]], ["a", true, null, undefined, 1.5, -0], [[[[[]]]]]];
    expect(roundTrip(v)).toStrictEqual(v);
  });

  it("keeps holes in sparse arrays (a hole is not an undefined element)", () => {
    const holey = [1, , 3, undefined, , 6];
    const back = roundTrip(holey);
    expect(back.length).toBe(6);
    expect(Object.keys(back)).toEqual(["0", "2", "3", "5"]);
    expect(1 in back).toBe(false);
    expect(3 in back).toBe(true);
    expect(back).toStrictEqual(holey);
    const visited: number[] = [];
    back.forEach((_v, i) => visited.push(i)); // forEach skips holes: iteration must match
    expect(visited).toEqual([0, 2, 3, 5]);
  });

  it("keeps leading, trailing and all-hole arrays", () => {
    const allHoles = new Array(5);
    const trailing = [1, ,];
    const leading = [, , 3];
    expect(roundTrip(allHoles)).toStrictEqual(allHoles);
    expect(roundTrip(allHoles).length).toBe(5);
    expect(roundTrip(trailing)).toStrictEqual(trailing);
    expect(roundTrip(trailing).length).toBe(2);
    expect(roundTrip(leading)).toStrictEqual(leading);
    expect(encodeValue([undefined])).not.toEqual(encodeValue(new Array(1)));
  });

  it("preserves the key order of plain objects", () => {
    const obj = { zeta: 1, alpha: 2, mid: { y: 1, x: 2 }, "with space": 3, $d: 4, ü: 5 };
    const back = roundTrip(obj);
    expect(Object.keys(back)).toEqual(["zeta", "alpha", "mid", "with space", "$d", "ü"]);
    expect(Object.keys(back.mid)).toEqual(["y", "x"]);
    expect(back).toStrictEqual(obj);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  it("preserves integer-like keys the way JS orders them", () => {
    const obj: Record<string, number> = { b: 1, 10: 2, a: 3, 2: 4 };
    expect(Object.keys(roundTrip(obj))).toEqual(Object.keys(obj));
  });

  it("round-trips null-prototype objects with their key order", () => {
    const obj = Object.create(null) as Record<string, unknown>;
    obj.z = 1;
    obj.a = { inner: true };
    Object.assign(obj, { toString: "not a function here" });
    const back = roundTrip(obj);
    expect(Object.getPrototypeOf(back)).toBeNull();
    expect(Object.keys(back)).toEqual(["z", "a", "toString"]);
    expect(back.z).toBe(1);
    expect(back.a).toEqual({ inner: true });
    expect(back.toString).toBe("not a function here");
  });

  it("keeps an own __proto__ key as data without changing the prototype", () => {
    const obj = JSON.parse('{"__proto__": {"polluted": true}, "a": 2}') as Record<string, unknown>;
    expect(Object.hasOwn(obj, "__proto__")).toBe(true);
    const back = roundTrip(obj);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(["__proto__", "a"]);
    expect(Object.getOwnPropertyDescriptor(back, "__proto__")?.value).toEqual({ polluted: true });
    expect((back as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe("values: Map, Set", () => {
  it("round-trips Maps with keys of every kind, in insertion order", () => {
    const objKey = { k: 1 };
    const m = new Map<unknown, unknown>([
      ["z", 1], [1, "one"], [-0, "minus zero is 0 in a Map"], [NaN, "nan"], [true, [1, 2]],
      [null, null], [undefined, "u"], [10n, "big"], [objKey, new Map([["nested", new Set([1])]])],
    ]);
    const back = roundTrip(m);
    expect(back).toBeInstanceOf(Map);
    expect([...back.keys()].slice(0, 8)).toEqual(["z", 1, 0, NaN, true, null, undefined, 10n]);
    expect(back.get(NaN)).toBe("nan");
    const [bk, bv] = [...back.entries()][8]!;
    expect(bk).toEqual({ k: 1 });
    expect(bv).toEqual(new Map([["nested", new Set([1])]]));
  });

  it("round-trips Maps keyed by null-prototype objects", () => {
    const key = Object.create(null) as Record<string, number>;
    key.id = 7;
    const back = roundTrip(new Map([[key, "v"]]));
    const [k] = [...back.keys()];
    expect(Object.getPrototypeOf(k)).toBeNull();
    expect(k.id).toBe(7);
  });

  it("round-trips Sets in insertion order", () => {
    const s = new Set<unknown>(["c", "a", 3, 1, 2, null, undefined, { x: 1 }, [1]]);
    const back = roundTrip(s);
    expect(back).toBeInstanceOf(Set);
    expect([...back]).toEqual(["c", "a", 3, 1, 2, null, undefined, { x: 1 }, [1]]);
  });

  it("round-trips empty Map and Set", () => {
    expect(roundTrip(new Map())).toEqual(new Map());
    expect(roundTrip(new Set())).toEqual(new Set());
  });
});

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

describe("values: shared references and cycles", () => {
  it("keeps one identity for an object referenced twice", () => {
    const shared = { x: 1 };
    const back = roundTrip({ a: shared, b: [shared, shared], c: new Map([["k", shared]]) });
    expect(back.a).toBe(back.b[0]);
    expect(back.b[0]).toBe(back.b[1]);
    expect(back.c.get("k")).toBe(back.a);
    back.a.x = 2;
    expect(back.b[1]!.x).toBe(2);
  });

  it("keeps identity for shared arrays, Maps, Sets, typed arrays and ArrayBuffers", () => {
    const arr = [1];
    const map = new Map([[1, 2]]);
    const set = new Set([1]);
    const ta = Float32Array.of(1, 2);
    const buf = new ArrayBuffer(4);
    const back = roundTrip({ a1: arr, m1: map, s1: set, t1: ta, b1: buf, a2: arr, m2: map, s2: set, t2: ta, b2: buf });
    expect(back.a1).toBe(back.a2);
    expect(back.m1).toBe(back.m2);
    expect(back.s1).toBe(back.s2);
    expect(back.t1).toBe(back.t2);
    expect(back.b1).toBe(back.b2);
  });

  it("restores self-cycles in objects, arrays, Maps and Sets", () => {
    const obj: Record<string, unknown> = { name: "o" };
    obj.self = obj;
    const arr: unknown[] = [1];
    arr.push(arr);
    const map = new Map<unknown, unknown>();
    map.set("me", map);
    map.set(map, "key is me");
    const set = new Set<unknown>();
    set.add(set);
    const back = roundTrip({ obj, arr, map, set });
    expect(back.obj.self).toBe(back.obj);
    expect(back.arr[1]).toBe(back.arr);
    expect(back.map.get("me")).toBe(back.map);
    expect(back.map.get(back.map)).toBe("key is me");
    expect(back.set.has(back.set)).toBe(true);
  });

  it("restores longer cycles through mixed containers", () => {
    type N = { id: number; next?: N; peers: Set<N>; byId: Map<number, N> };
    const a: N = { id: 1, peers: new Set(), byId: new Map() };
    const b: N = { id: 2, peers: new Set([a]), byId: new Map() };
    const c: N = { id: 3, next: a, peers: new Set([a, b]), byId: new Map([[1, a], [2, b]]) };
    a.next = b;
    b.next = c;
    a.byId.set(3, c);
    const back = roundTrip([a, b, c]);
    const [ra, rb, rc] = back;
    expect(ra!.next).toBe(rb);
    expect(rb!.next).toBe(rc);
    expect(rc!.next).toBe(ra);
    expect([...rc!.peers]).toEqual([ra, rb]);
    expect([...rc!.peers][0]).toBe(ra);
    expect(rc!.byId.get(2)).toBe(rb);
    expect(ra!.byId.get(3)).toBe(rc);
  });

  it("encodes equal acyclic structure to equal bytes whether or not a part is shared", () => {
    // sharing is part of the state: the bytes must differ, or a hash could not see it
    const shared = { x: 1 };
    expect(encodeValue([shared, shared])).not.toEqual(encodeValue([{ x: 1 }, { x: 1 }]));
  });
});

describe("values: refused values name the field path", () => {
  it("names the path and the class of an unregistered class instance", () => {
    const Foo = class Foo {};
    const err = encodeError({ items: [1, 2, { owner: new Foo() }] }, "state");
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toContain("state.items[2].owner");
    expect(err.message).toContain("Foo");
  });

  it("names functions, arrow functions and methods with their path", () => {
    const arrow = encodeError({ handlers: { onClick: () => 1 } });
    expect(arrow.message).toContain("payload.handlers.onClick");
    expect(arrow.message).toContain("function");
    const named = encodeError([0, [1, function doIt() {}]]);
    expect(named.message).toContain("payload[1][1]");
    expect(named.message).toContain("doIt");
  });

  it("names symbols with their path", () => {
    const err = encodeError({ tag: Symbol("mine") });
    expect(err.message).toContain("payload.tag");
    expect(err.message).toContain("Symbol(mine)");
  });

  it("names paths through Map values, Map keys and Set items", () => {
    class Foo {}
    const inMapValue = encodeError({ m: new Map([["key", { owner: new Foo() }]]) });
    expect(inMapValue.message).toContain("payload.m.key.owner");
    expect(inMapValue.message).toContain("Foo");
    const inMapKey = encodeError({ m: new Map([[new Foo(), 1]]) });
    expect(inMapKey.message).toContain("payload.m");
    expect(inMapKey.message).toContain("<key>");
    const inSet = encodeError({ s: new Set([1, new Foo()]) });
    expect(inSet.message).toContain("payload.s");
    expect(inSet.message).toContain("<item 1>");
  });

  it("quotes keys that are not identifiers", () => {
    const err = encodeError({ "odd key": [{ "2x": () => 0 }] });
    expect(err.message).toContain('payload["odd key"][0]["2x"]');
  });

  it("refuses DOM-like and built-in objects that are not plain data, naming them", () => {
    class HTMLCanvasElement {}
    const cases: [unknown, string][] = [
      [new HTMLCanvasElement(), "HTMLCanvasElement"],
      [new EventTarget(), "EventTarget"],
      [new Date(0), "Date"],
      [/re/g, "RegExp"],
      [new Error("x"), "Error"],
      [Promise.resolve(1), "Promise"],
      [new WeakMap(), "WeakMap"],
      [new DataView(new ArrayBuffer(4)), "DataView"],
      [Object(1), "Number"],
      [new (class Vec { x = 1 })(), "Vec"],
    ];
    for (const [value, name] of cases) {
      const err = encodeError({ ui: { node: value } });
      expect(err.message, name).toContain("payload.ui.node");
      expect(err.message, name).toContain(name);
    }
  });

  it("refuses objects whose prototype is neither Object.prototype nor null", () => {
    const err = encodeError({ o: Object.create({ inherited: 1 }) });
    expect(err.message).toContain("payload.o");
  });

  it("starts the path afresh on each encode call", () => {
    encodeError({ deep: { er: [() => 0] } });
    const err = encodeError({ f: () => 0 }, "second");
    expect(err.message).toContain("second.f");
    expect(err.message).not.toContain("deep");
  });
});

describe("values: decoding bad bytes throws, never hangs", () => {
  const sample = {
    n: [0, -1, 2 ** 40, 0.5, NaN],
    s: ["", "héllo 🎉"],
    m: new Map<unknown, unknown>([["a", new Set([1, 2])], [3n, Uint16Array.of(1, 2, 3)]]),
    b: new ArrayBuffer(3),
    o: Object.assign(Object.create(null) as object, { k: [true, false, null, undefined] }),
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
