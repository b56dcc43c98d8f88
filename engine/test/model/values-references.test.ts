// The value codec keeps shared references as one identity and restores cycles through any mix of
// containers; sharing shows in the bytes.
import { describe, expect, it } from "vitest";
import { encodeValue } from "../../src/model/values.ts";
import { roundTrip } from "./values-fixtures.ts";

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
