// Interpolation math: blend factors and the per-entity position/angle loops.
import { describe, expect, it } from "vitest";
import { bracketAlpha, clamp01, lerpAngle, lerpAngles, lerpPositions } from "../../src/view/interpolate.ts";

describe("bracketAlpha", () => {
  it("is 0 at or before the older state, 1 at or after the newer, linear between", () => {
    expect(bracketAlpha(90, 100, 150)).toBe(0);
    expect(bracketAlpha(100, 100, 150)).toBe(0);
    expect(bracketAlpha(125, 100, 150)).toBe(0.5);
    expect(bracketAlpha(150, 100, 150)).toBe(1);
    expect(bracketAlpha(400, 100, 150)).toBe(1); // never extrapolates
  });

  it("matches the fixed-step formula (renderTime − lastStepTime) / stepMs for consecutive steps", () => {
    const stepMs = 1000 / 60;
    const lastStep = 50 * stepMs;
    for (const into of [0, 3, 8.5, 16]) {
      // drawing one step behind: between step 49 and step 50
      expect(bracketAlpha(lastStep - stepMs + into, lastStep - stepMs, lastStep)).toBeCloseTo(into / stepMs, 12);
    }
  });

  it("treats an empty span as the newer state", () => {
    expect(bracketAlpha(5, 10, 10)).toBe(1);
  });

  it("clamp01 maps NaN to 0", () => {
    expect(clamp01(NaN)).toBe(0);
    expect(clamp01(-1)).toBe(0);
    expect(clamp01(2)).toBe(1);
    expect(clamp01(0.25)).toBe(0.25);
  });
});

describe("lerpPositions", () => {
  const ids = Uint32Array.from([1, 3]);
  const ax = Float64Array.from([0, 0, 0, 10]), ay = Float64Array.from([0, 4, 0, 20]);
  const bx = Float64Array.from([0, 2, 0, 30]), by = Float64Array.from([0, 8, 0, 20]);

  it("blends each drawn entity into dense output aligned with ids", () => {
    const ox = new Float32Array(2), oy = new Float32Array(2);
    lerpPositions(ids, 2, ax, ay, bx, by, 0.25, Infinity, ox, oy);
    expect([...ox]).toEqual([0.5, 15]);
    expect([...oy]).toEqual([5, 20]);
  });

  it("draws entities that moved further than the snap distance at the newer state", () => {
    const ox = new Float32Array(2), oy = new Float32Array(2);
    lerpPositions(ids, 2, ax, ay, bx, by, 0.5, 10 * 10, ox, oy);
    expect([...ox]).toEqual([1, 30]); // eid 3 moved 20 > 10: snapped
    expect([...oy]).toEqual([6, 20]);
  });

  it("only touches the first `count` entries", () => {
    const ox = new Float32Array([7, 7]), oy = new Float32Array([7, 7]);
    lerpPositions(ids, 1, ax, ay, bx, by, 1, Infinity, ox, oy);
    expect([...ox]).toEqual([2, 7]);
  });
});

describe("lerpAngle", () => {
  it("takes the shorter arc across ±π", () => {
    const a = Math.PI - 0.1, b = -Math.PI + 0.1;
    const mid = lerpAngle(a, b, 0.5);
    expect(Math.cos(mid)).toBeCloseTo(-1, 12);
    expect(mid).toBeCloseTo(Math.PI, 12);
  });

  it("handles angles several turns apart", () => {
    expect(lerpAngle(0, 4 * Math.PI + 0.2, 0.5)).toBeCloseTo(0.1, 12);
    expect(lerpAngle(0, -0.2, 1)).toBeCloseTo(-0.2, 12);
  });

  it("lerpAngles agrees with lerpAngle", () => {
    const ids = Uint32Array.from([0, 1, 2]);
    const a = Float64Array.from([0, 3, -3]), b = Float64Array.from([1, -3, 3]);
    const out = new Float32Array(3);
    lerpAngles(ids, 3, a, b, 0.3, out);
    for (let i = 0; i < 3; i++) expect(out[i]).toBeCloseTo(lerpAngle(a[i]!, b[i]!, 0.3), 5);
  });
});
