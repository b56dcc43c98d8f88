// Accuracy of dmath versus the engine's own Math.*, per function, on sweeps plus seeded random
// inputs (the bounds, and why they are in ulps versus native, are at UNARY in dmath-fixtures.ts).
import { describe, it, expect } from "vitest";
import { sin, cos, tan } from "../../src/model/dmath.ts";
import { BINARY, closeTo, type Fn1, type Gen, logU, makeRng, signed, sweep, ulpDiff, UNARY } from "./dmath-fixtures.ts";

const RANDOM_PER_DOMAIN = 20000;

/** Checks f against the native function on a sweep plus seeded random inputs; returns the worst ulp distance. */
function worstUlp(f: Fn1, native: Fn1, inputs: number[]): { worst: number; at: number } {
  let worst = 0;
  let at = NaN;
  for (const x of inputs) {
    const got = f(x);
    const want = native(x);
    let d: number;
    if (Object.is(got, want)) d = 0;
    else if (!closeTo(got, want, Infinity)) d = Infinity;
    else d = ulpDiff(got, want);
    if (d > worst) {
      worst = d;
      at = x;
    }
  }
  return { worst, at };
}

function inputsFor(domains: { sweep: [number, number]; random: Gen[] }, seed: number): number[] {
  const rnd = makeRng(seed);
  const xs = sweep(domains.sweep[0], domains.sweep[1], 4000);
  for (const g of domains.random) for (let i = 0; i < RANDOM_PER_DOMAIN; i++) xs.push(g(rnd));
  return xs;
}

describe("dmath accuracy versus native Math", () => {
  for (const [i, t] of UNARY.entries()) {
    it(`${t.name}: within ${t.maxUlp} ulp of Math.${t.name} (sweep + seeded random)`, () => {
      const { worst, at } = worstUlp(t.f, t.native, inputsFor(t, 1000 + i));
      expect(worst, `worst at x = ${at}`).toBeLessThanOrEqual(t.maxUlp);
    });
  }
  for (const [i, t] of BINARY.entries()) {
    it(`${t.name}: within ${t.maxUlp} ulp of Math.${t.name} (grid + seeded random)`, () => {
      const rnd = makeRng(2000 + i);
      const inputs: [number, number][] = [];
      const [a0, a1, b0, b1] = t.grid;
      for (const a of sweep(a0, a1, 80)) for (const b of sweep(b0, b1, 80)) inputs.push([a, b]);
      for (const g of t.random) for (let k = 0; k < RANDOM_PER_DOMAIN; k++) inputs.push(g(rnd));
      let worst = 0;
      let at: [number, number] = [NaN, NaN];
      for (const [a, b] of inputs) {
        const got = t.f(a, b);
        const want = t.native(a, b);
        const d = Object.is(got, want) ? 0 : closeTo(got, want, Infinity) ? ulpDiff(got, want) : Infinity;
        if (d > worst) {
          worst = d;
          at = [a, b];
        }
      }
      expect(worst, `worst at (${at[0]}, ${at[1]})`).toBeLessThanOrEqual(t.maxUlp);
    });
  }

  it("sin^2 + cos^2 = 1 and tan = sin/cos to a few ulps", () => {
    const rnd = makeRng(7);
    for (let i = 0; i < 5000; i++) {
      const x = signed(logU(-10, 30))(rnd);
      const s = sin(x);
      const c = cos(x);
      expect(Math.abs(s * s + c * c - 1)).toBeLessThanOrEqual(4e-16);
      if (Math.abs(c) > 1e-3) expect(Math.abs(tan(x) - s / c)).toBeLessThanOrEqual(1e-15 * Math.abs(s / c) * 4);
    }
  });
});
