// SampleRing: the stats overlay's last-N sample buffer.
import { describe, expect, it } from "vitest";
import { SampleRing } from "../../src/view/widgets/ring-buffer.ts";

describe("SampleRing", () => {
  it("keeps the last N samples, oldest first", () => {
    const r = new SampleRing(3);
    expect(r.length).toBe(0);
    expect(r.last).toBeNaN();
    r.push(1);
    r.push(2);
    expect(r.toArray()).toEqual([1, 2]);
    r.push(3);
    r.push(4);
    r.push(5);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.length).toBe(3);
    expect(r.last).toBe(5);
    expect(r.get(0)).toBe(3);
    expect(r.get(3)).toBeNaN();
    expect(r.get(-1)).toBeNaN();
  });

  it("summarises what it holds", () => {
    const r = new SampleRing(4);
    expect(r.min()).toBeNaN();
    for (const v of [5, -2, 9, 4, 1]) r.push(v);
    expect(r.min()).toBe(-2); // 5 fell out
    expect(r.max()).toBe(9);
    expect(r.mean()).toBe(3);
  });

  it("wraps many times without drifting", () => {
    const r = new SampleRing(7);
    for (let i = 0; i < 1000; i++) r.push(i);
    expect(r.toArray()).toEqual([993, 994, 995, 996, 997, 998, 999]);
    r.clear();
    expect(r.length).toBe(0);
    r.push(1);
    expect(r.toArray()).toEqual([1]);
  });

  it("rejects an empty ring", () => {
    expect(() => new SampleRing(0)).toThrow();
  });
});
