// StepHistory: the ring of recorded world states renderers interpolate between.
import { describe, expect, it } from "vitest";
import { StepHistory, type Bracket } from "../../src/view/step-history.ts";

const br = (): Bracket => ({ a: -1, b: -1, alpha: -1 });

describe("StepHistory", () => {
  it("brackets a time between the two states around it", () => {
    const h = new StepHistory(1, 4, 4);
    h.record(0, [Float32Array.from([0, 1, 2, 3])]);
    h.record(10, [Float32Array.from([10, 11, 12, 13])]);
    h.record(30, [Float32Array.from([30, 31, 32, 33])]);
    const out = h.bracket(20, br());
    expect(h.times[out.a]).toBe(10);
    expect(h.times[out.b]).toBe(30);
    expect(out.alpha).toBe(0.5);
    expect(h.slots[out.a]![0]![2]).toBe(12);
    expect(h.slots[out.b]![0]![2]).toBe(32);
  });

  it("clamps before the oldest and after the newest state (no extrapolation)", () => {
    const h = new StepHistory(1, 3, 2);
    h.record(100, [Float32Array.from([1, 1])]);
    h.record(200, [Float32Array.from([2, 2])]);
    const early = h.bracket(50, br());
    expect([h.times[early.a], h.times[early.b], early.alpha]).toEqual([100, 100, 0]);
    const late = h.bracket(999, br());
    expect([h.times[late.a], h.times[late.b], late.alpha]).toEqual([200, 200, 0]);
    const exact = h.bracket(200, br());
    expect(h.times[exact.a]).toBe(200);
  });

  it("keeps only the newest `size` states, oldest first", () => {
    const h = new StepHistory(1, 3, 1);
    for (let t = 1; t <= 5; t++) h.record(t * 10, [Float64Array.of(t)]);
    expect(h.length).toBe(3);
    expect(h.oldestTime).toBe(30);
    expect(h.newestTime).toBe(50);
    expect([0, 1, 2].map((i) => h.slots[h.slotAt(i)]![0]![0])).toEqual([3, 4, 5]);
  });

  it("overwrites the newest state when recorded again at the same time", () => {
    const h = new StepHistory(1, 3, 1);
    h.record(10, [Float64Array.of(1)]);
    h.record(10, [Float64Array.of(2)]);
    expect(h.length).toBe(1);
    expect(h.slots[h.slotAt(0)]![0]![0]).toBe(2);
  });

  it("backfills one entity into every slot", () => {
    const h = new StepHistory(2, 3, 4);
    const x = new Float32Array(4), y = new Float32Array(4);
    h.record(0, [x, y]);
    h.record(1, [x, y]);
    x[2] = 7;
    y[2] = 8;
    h.backfill(2, [x, y]);
    for (let s = 0; s < 3; s++) expect([h.slots[s]![0]![2], h.slots[s]![1]![2]]).toEqual([7, 8]);
  });

  it("grows with the world's stores and keeps what it recorded", () => {
    const h = new StepHistory(1, 2, 2);
    h.record(0, [Float32Array.from([5, 6])]);
    h.record(1, [Float32Array.from([5, 6, 7, 8, 9])]);
    const old = h.slots[h.slotAt(0)]![0]!;
    expect(old.length).toBe(5);
    expect([...old.slice(0, 2)]).toEqual([5, 6]);
    expect(h.slots[h.slotAt(1)]![0]![4]).toBe(9);
  });

  it("rejects a ring too small to interpolate", () => {
    expect(() => new StepHistory(2, 1)).toThrow(/at least 2/);
  });
});
