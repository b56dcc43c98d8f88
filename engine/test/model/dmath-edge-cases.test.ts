// Edge cases of dmath's two-argument functions: pow's special cases and exact integer powers,
// atan2's signed zeros, infinities and quadrants.
import { describe, it, expect } from "vitest";
import { atan2, pow, PI } from "../../src/model/dmath.ts";
import { logU, makeRng, pow2, signed } from "./dmath-fixtures.ts";

/** Asserts that got is exactly want (Object.is: NaN equals NaN, -0 differs from 0). */
const same = (got: number, want: number, what: string) => expect(Object.is(got, want), `${what} = ${got}, want ${want}`).toBe(true);

describe("dmath pow edge cases", () => {
  const cases: [number, number, number][] = [
    [NaN, 0, 1], [NaN, -0, 1], [Infinity, 0, 1], [-Infinity, -0, 1], [0, 0, 1], [-3, 0, 1],
    [1, NaN, NaN], [NaN, 1, NaN], [2, NaN, NaN], [1, Infinity, NaN], [1, -Infinity, NaN], [-1, Infinity, NaN],
    [-1, -Infinity, NaN], [0.5, Infinity, 0], [0.5, -Infinity, Infinity], [2, Infinity, Infinity],
    [2, -Infinity, 0], [-2, Infinity, Infinity], [-0.5, -Infinity, Infinity],
    [-8, 3, -512], [-2, 4, 16], [-2, -1, -0.5], [-2, -2, 0.25], [-2, 0.5, NaN], [-8, 1 / 3, NaN], [-1, 0.5, NaN],
    [-1, 3, -1], [-1, 4, 1], [-1, 2 ** 60, 1], [-0, 3, -0], [-0, 2, 0], [-0, 0.5, 0], [-0, -3, -Infinity],
    [-0, -2, Infinity], [-0, -0.5, Infinity], [0, -1, Infinity], [0, 3, 0], [-Infinity, 3, -Infinity],
    [-Infinity, 2, Infinity], [-Infinity, -3, -0], [-Infinity, -2, 0], [-Infinity, 0.5, Infinity],
    [Infinity, -1, 0], [Infinity, 0.5, Infinity], [2, 1023, 2 ** 1023], [2, 1024, Infinity],
    [2, -1074, 5e-324], [2, -1075, 0], [-2, 1025, -Infinity], [-2, -1075, -0], [0.5, 1074, 5e-324],
    [10, 308, 1e308], [10, 309, Infinity], [1 + 2 ** -52, 2 ** 62, Infinity], [1 - 2 ** -53, 2 ** 64, 0],
  ];
  it("special cases match Math.pow and the spec", () => {
    for (const [x, y, want] of cases) {
      same(pow(x, y), want, `pow(${x}, ${y})`);
      same(Math.pow(x, y), want, `Math.pow(${x}, ${y})`);
    }
  });

  it("integer powers with representable results are exact, for negative bases too", () => {
    for (let b = 2; b <= 40; b++) {
      let exact = 1;
      for (let e = 0; Math.abs(exact) <= 2 ** 53; e++) {
        expect(pow(b, e), `${b}^${e}`).toBe(exact);
        expect(pow(-b, e), `(-${b})^${e}`).toBe(e % 2 === 0 ? exact : -exact);
        exact *= b;
      }
    }
    for (let k = 0; k <= 22; k++) expect(pow(10, k)).toBe(Number(`1e${k}`));
    for (let k = -1074; k <= 1023; k++) expect(pow(2, k)).toBe(pow2(k));
  });
});

describe("dmath atan2 quadrants and zeros", () => {
  it("signed zeros and infinities", () => {
    const cases: [number, number, number][] = [
      [0, 0, 0], [-0, 0, -0], [0, -0, PI], [-0, -0, -PI], [0, 5, 0], [-0, 5, -0], [0, -5, PI], [-0, -5, -PI],
      [5, 0, PI / 2], [5, -0, PI / 2], [-5, 0, -PI / 2], [-5, -0, -PI / 2],
      [Infinity, Infinity, PI / 4], [-Infinity, Infinity, -PI / 4],
      [Infinity, -Infinity, (3 * PI) / 4], [-Infinity, -Infinity, (-3 * PI) / 4],
      [3, Infinity, 0], [-3, Infinity, -0], [3, -Infinity, PI], [-3, -Infinity, -PI],
      [Infinity, 3, PI / 2], [Infinity, -3, PI / 2], [-Infinity, 3, -PI / 2],
      [NaN, 1, NaN], [1, NaN, NaN], [NaN, NaN, NaN], [Infinity, NaN, NaN],
      [1, 1, PI / 4], [1, -1, (3 * PI) / 4], [-1, -1, (-3 * PI) / 4], [-1, 1, -PI / 4],
    ];
    for (const [y, x, want] of cases) {
      same(atan2(y, x), want, `atan2(${y}, ${x})`);
      same(Math.atan2(y, x), want, `Math.atan2(${y}, ${x})`);
    }
  });

  it("lands in the right quadrant for random points", () => {
    const rnd = makeRng(99);
    const bad: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const y = signed(logU(-200, 200))(rnd);
      const x = signed(logU(-200, 200))(rnd);
      const a = atan2(y, x);
      // sign follows y; right half-plane |a| <= pi/2, left half-plane |a| >= pi/2 (= pi/2 when |y/x| is huge)
      const ok = Math.sign(a) === Math.sign(y) && Math.abs(a) <= PI && (x > 0 ? Math.abs(a) <= PI / 2 : Math.abs(a) >= PI / 2);
      if (!ok) bad.push(`atan2(${y}, ${x}) = ${a}`);
    }
    expect(bad).toEqual([]);
  });
});
