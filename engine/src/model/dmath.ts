// dmath: deterministic math for model code. Every client of a lockstep session must compute
// bit-identical state, but ECMAScript leaves the accuracy of the built-in sin, cos, tan, atan2,
// exp, log, pow… to each engine: their last bits differ between V8, SpiderMonkey and
// JavaScriptCore (and between versions of one engine). These replacements use only operations
// that IEEE-754 and ECMAScript define exactly (+ - * /, sqrt, floor/trunc/abs/min/max,
// comparisons, integer and exponent-bit manipulation, BigInt), so they return the same bits on
// every engine. Algorithms and polynomial coefficients follow FDLIBM / FreeBSD msun / musl
// (Copyright (C) 1993-2004 Sun Microsystems, Inc.: "Permission to use, copy, modify, and
// distribute this software is freely granted, provided that this notice is preserved.").
// Accuracy: < 1 ulp for sin, cos, tan, atan, asin, acos, exp, log, log2, log10, pow, hypot and
// < 2 ulps for atan2, sinh, cosh, tanh, over the whole double range (huge trig arguments are
// reduced with 1200 bits of 2/pi, as fdlibm does); NaN, ±Infinity and ±0 behave as in the
// built-in functions.
// Model code must use these instead of the built-ins for anything beyond + - * / and sqrt.

export { sin, cos, tan } from "./dmath-trig.ts";
export { atan, atan2, asin, acos } from "./dmath-atrig.ts";
export { exp, log, log2, log10, sinh, cosh, tanh, hypot } from "./dmath-exp.ts";
export { pow } from "./dmath-pow.ts";

/** pi, the double nearest to π (same value as the built-in PI constant). */
export const PI = 3.141592653589793;
/** 2π, exactly 2 * PI. */
export const TAU = 6.283185307179586;
