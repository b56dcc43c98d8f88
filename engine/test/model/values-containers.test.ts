// The value codec round-trips arrays (holes included), plain and null-prototype objects with their
// key order, and Maps and Sets with keys of every kind, in insertion order.
import { describe, expect, it } from "vitest";
import { encodeValue } from "../../src/model/values.ts";
import { roundTrip } from "./values-fixtures.ts";

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
