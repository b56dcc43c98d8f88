// dmath on special values (NaN, ±Infinity, ±0, subnormals, thresholds) matches native Math, and
// gives the exact or correctly rounded results Math guarantees.
import { describe, it, expect } from "vitest";
import {
  sin, cos, tan, atan, atan2, asin, acos, exp, log, log2, log10, pow, sinh, cosh, tanh, hypot, PI, TAU,
} from "../../src/model/dmath.ts";
import { BINARY, closeTo, pow2, UNARY } from "./dmath-fixtures.ts";

const SPECIALS = [
  NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, 1e-310, 2.2250738585072014e-308, Number.EPSILON,
  1e-20, -1e-20, 0.5, -0.5, 1, -1, 1 + Number.EPSILON, 1 - Number.EPSILON / 2, 2, -2, 3, -3, 0.1,
  PI / 4, PI / 2, -PI / 2, PI, 2 * PI, 22, 709.782712893384, 710, 711, -745.1332191019411, -746,
  1e22, 1e300, Number.MAX_VALUE, -Number.MAX_VALUE,
];

describe("dmath special values match native Math", () => {
  for (const t of UNARY) {
    it(`${t.name} on NaN, ±Infinity, ±0, subnormals, thresholds`, () => {
      for (const x of SPECIALS) {
        const got = t.f(x);
        const want = t.native(x);
        expect(closeTo(got, want, t.maxUlp), `${t.name}(${x}) = ${got}, native ${want}`).toBe(true);
      }
    });
  }
  for (const t of BINARY) {
    it(`${t.name} on all pairs of special values`, () => {
      for (const a of SPECIALS) {
        for (const b of SPECIALS) {
          const got = t.f(a, b);
          const want = t.native(a, b);
          expect(closeTo(got, want, t.maxUlp), `${t.name}(${a}, ${b}) = ${got}, native ${want}`).toBe(true);
        }
      }
    });
  }

  it("exact results where Math guarantees them", () => {
    const same = (got: number, want: number) => expect(Object.is(got, want), `${got} vs ${want}`).toBe(true);
    same(sin(0), 0);
    same(sin(-0), -0);
    same(tan(-0), -0);
    same(cos(0), 1);
    same(cos(-0), 1);
    same(atan(-0), -0);
    same(asin(-0), -0);
    same(acos(1), 0);
    same(exp(0), 1);
    same(exp(-Infinity), 0);
    same(log(1), 0);
    same(log(0), -Infinity);
    same(log(-0), -Infinity);
    same(log(-1), NaN);
    same(log2(1), 0);
    same(log10(1), 0);
    same(sinh(-0), -0);
    same(cosh(0), 1);
    same(tanh(-0), -0);
    same(tanh(Infinity), 1);
    same(tanh(-Infinity), -1);
    same(sinh(-Infinity), -Infinity);
    same(cosh(-Infinity), Infinity);
    same(hypot(-0, -0), 0);
    same(hypot(Infinity, NaN), Infinity);
    same(hypot(NaN, -Infinity), Infinity);
    same(hypot(NaN, 1), NaN);
    same(asin(1.0000000000000002), NaN);
    same(acos(-1.0000000000000002), NaN);
    for (const f of [sin, cos, tan]) {
      same(f(Infinity), NaN);
      same(f(-Infinity), NaN);
      same(f(NaN), NaN);
    }
  });

  it("known correctly rounded values", () => {
    expect(PI).toBe(Math.PI);
    expect(TAU).toBe(2 * Math.PI);
    expect(exp(1)).toBe(Math.E);
    expect(log(2)).toBe(Math.LN2);
    expect(log(10)).toBe(Math.LN10);
    expect(log2(Math.E)).toBe(Math.LOG2E);
    expect(log10(Math.E)).toBe(Math.LOG10E);
    expect(pow(2, 0.5)).toBe(Math.SQRT2);
    expect(4 * atan(1)).toBe(PI);
    expect(2 * asin(1)).toBe(PI);
    expect(acos(-1)).toBe(PI);
    expect(atan2(0, -1)).toBe(PI);
    expect(atan2(1, 1)).toBe(PI / 4);
    expect(cos(PI)).toBe(-1);
    expect(sin(PI)).toBe(1.2246467991473532e-16); // = pi - PI, to 53 bits
    expect(sin(PI / 2)).toBe(1);
    expect(sin(1e22)).toBe(-0.8522008497671888); // classic huge-argument reduction check
    expect(cos(1e22)).toBe(0.523214785395139);
  });

  it("log2 and log10 are exact on powers of their base", () => {
    for (let k = -1074; k <= 1023; k++) expect(log2(pow2(k))).toBe(k);
    for (let k = 0; k <= 22; k++) expect(log10(Number(`1e${k}`))).toBe(k);
  });
});
