// dmath exp / expm1 / log / log2 / log10 / sinh / cosh / tanh / hypot: fdlibm / FreeBSD msun
// algorithms (reduction by ln2 or by the binary exponent, then minimax polynomials), built only
// from IEEE-exact operations, sqrt and exponent-bit manipulation.
import { hiWord, loWord, fromWords, withHi, clearLo, pow2 } from "./dmath-bits.ts";

const LN2_HI = 6.93147180369123816490e-1; // ln2 = LN2_HI + LN2_LO; k·LN2_HI is exact for |k| < 2000
const LN2_LO = 1.90821492927058770002e-10;
const INVLN2 = 1.44269504088896338700;
const O_THRESHOLD = 7.09782712893383973096e2; // exp(x) overflows above this
const U_THRESHOLD = -7.45133219101941108420e2; // exp(x) underflows to 0 below this
const TWO54 = 18014398509481984;

// R(r^2) = r·(exp(r)+1)/(exp(r)-1) ~ 2 + P1·r^2 + ... + P5·r^10 on [0, 0.34658], |error| <= 2^-59
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;

/** Deterministic e^x; error < 1 ulp. */
export function exp(x: number): number {
  const h = hiWord(x);
  const neg = h < 0;
  const hx = h & 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| >= 709.78 or NaN
    if (x !== x) return NaN;
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  // x = k·ln2 + r, |r| <= ln2/2, with r = hi - lo
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2
    if (hx < 0x3ff0a2b2) {
      // |x| < 1.5·ln2
      if (x === 1) return 2.718281828459045; // e correctly rounded (the kernel is 1 ulp above)
      k = neg ? -1 : 1;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    } else {
      k = Math.trunc(INVLN2 * x + (neg ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2^-28
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) return withHi(y, hiWord(y) + (k << 20));
  return withHi(y, hiWord(y) + ((k + 1000) << 20)) * pow2(-1000); // subnormal result
}

// Scaled coefficients of R1(z) ~ 1 + Q1·z + ... + Q5·z^5 for expm1, |error| <= 2^-61
const Q1 = -3.33333333333331316428e-2;
const Q2 = 1.58730158725481460165e-3;
const Q3 = -7.93650757867487942473e-5;
const Q4 = 4.00821782732936239552e-6;
const Q5 = -2.01099218183624371326e-7;

/** e^x - 1, accurate near 0 (< 1 ulp); used by sinh/cosh/tanh. */
export function expm1(x: number): number {
  const h = hiWord(x);
  const neg = h < 0;
  const hx = h & 0x7fffffff;
  if (hx >= 0x4043687a) {
    // |x| >= 56·ln2 or NaN
    if (x !== x) return NaN;
    if (neg) return -1;
    if (x > O_THRESHOLD) return Infinity;
  }
  let k = 0;
  let c = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2
    let hi: number;
    let lo: number;
    if (hx < 0x3ff0a2b2) {
      k = neg ? -1 : 1;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    } else {
      k = Math.trunc(INVLN2 * x + (neg ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    return x; // |x| < 2^-54 (keeps -0)
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  const t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) {
    if (x < -0.25) return -2 * (e - (x + 0.5));
    return 1 + 2 * (x - e);
  }
  if (k < 0 || k > 56) {
    const y = x - e + 1;
    return (k === 1024 ? y * 2 * pow2(1023) : y * pow2(k)) - 1;
  }
  if (k < 20) return (x - e + (1 - pow2(-k))) * pow2(k);
  return (x - (e + pow2(-k)) + 1) * pow2(k);
}

// log(1+f) = f - f^2/2 + s·(f^2/2 + R(s^2)), s = f/(2+f), R ~ Lg1·s^2 + ... + Lg7·s^14, |error| <= 2^-58.45
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** s·(f^2/2 + R) = log(1+f) - f + f^2/2 for 1+f in [sqrt(2)/2, sqrt(2)] (FreeBSD k_log1p). */
function kLog1p(f: number): number {
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  return s * (0.5 * f * f + (t2 + t1));
}

let logK = 0;

/** For positive finite x, returns f and sets logK so that x = 2^logK · (1+f), 1+f in (sqrt(2)/2, sqrt(2)). */
function logReduce(x: number): number {
  let hx = hiWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // subnormal: scale up
    k = -54;
    x *= TWO54;
    hx = hiWord(x);
  }
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000; // 1 when the mantissa is above sqrt(2)
  logK = k + (i >> 20);
  return withHi(x, hx | (i ^ 0x3ff00000)) - 1;
}

/** Special cases shared by the logarithms, or undefined for positive finite x. */
function logSpecial(x: number): number | undefined {
  if (x > 0 && x < Infinity) return undefined;
  if (x === 0) return -Infinity;
  return x === Infinity ? Infinity : NaN;
}

/** Deterministic natural logarithm; error < 1 ulp. */
export function log(x: number): number {
  const special = logSpecial(x);
  if (special !== undefined) return special;
  const f = logReduce(x);
  const k = logK;
  const hfsq = 0.5 * f * f;
  const r = kLog1p(f);
  return k * LN2_HI - (hfsq - (r + k * LN2_LO) - f);
}

const IVLN2_HI = 1.44269504072144627571; // 1/ln2 = IVLN2_HI + IVLN2_LO
const IVLN2_LO = 1.67517131648865118353e-10;
const IVLN10_HI = 4.34294481878168880939e-1; // 1/ln10 = IVLN10_HI + IVLN10_LO
const IVLN10_LO = 2.50829467116452752298e-11;
const LOG10_2HI = 3.01029995663611771306e-1; // log10(2) = LOG10_2HI + LOG10_2LO
const LOG10_2LO = 3.69423907715893078616e-13;

let logHi = 0;
let logLo = 0;

/** Sets logHi + logLo = log(1+f) with logHi's low word cleared (extra-precise split). */
function logSplit(f: number): void {
  const hfsq = 0.5 * f * f;
  const r = kLog1p(f);
  logHi = clearLo(f - hfsq);
  logLo = f - logHi - hfsq + r;
}

/** Deterministic base-2 logarithm; exact for powers of two; error < 1 ulp. */
export function log2(x: number): number {
  const special = logSpecial(x);
  if (special !== undefined) return special;
  if (x === 1) return 0;
  logSplit(logReduce(x));
  const y = logK;
  const valHi = logHi * IVLN2_HI;
  let valLo = (logLo + logHi) * IVLN2_LO + logLo * IVLN2_HI;
  const w = y + valHi;
  valLo += y - w + valHi;
  return valLo + w;
}

/** Deterministic base-10 logarithm; error < 1 ulp. */
export function log10(x: number): number {
  const special = logSpecial(x);
  if (special !== undefined) return special;
  if (x === 1) return 0;
  logSplit(logReduce(x));
  const y = logK;
  const valHi = logHi * IVLN10_HI;
  const y2 = y * LOG10_2HI;
  let valLo = y * LOG10_2LO + (logLo + logHi) * IVLN10_LO + logLo * IVLN10_HI;
  const w = y2 + valHi;
  valLo += y2 - w + valHi;
  return valLo + w;
}

/** exp(x)/2 for x near the overflow threshold, without overflowing early: exp(x - k·ln2)·2^(k-1). */
function expo2(x: number): number {
  const scale = pow2(899); // k = 1799, 2^(k-1) in two steps
  return exp(x - 1246.97177782734161156) * scale * scale;
}

/** Deterministic hyperbolic sine; error < 2 ulps. */
export function sinh(x: number): number {
  const hx = hiWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return x !== x ? NaN : x; // ±Infinity or NaN
  const h = hx < 0 ? -0.5 : 0.5;
  const a = Math.abs(x);
  if (ix < 0x40360000) {
    // |x| < 22
    if (ix < 0x3e300000) return x; // |x| < 2^-28 (keeps -0)
    const t = expm1(a);
    if (ix < 0x3ff00000) return h * (2 * t - (t * t) / (t + 1));
    return h * (t + t / (t + 1));
  }
  if (ix < 0x40862e42) return h * exp(a); // |x| < log(MAX_VALUE)
  if (ix <= 0x408633ce) return h * 2 * expo2(a); // up to the overflow threshold
  return x * Infinity;
}

/** Deterministic hyperbolic cosine; error < 2 ulps. */
export function cosh(x: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix >= 0x7ff00000) return x !== x ? NaN : Infinity; // ±Infinity or NaN
  const a = Math.abs(x);
  if (ix < 0x3fd62e43) {
    // |x| < ln2/2: 1 + expm1(|x|)^2 / (2·exp(|x|))
    const t = expm1(a);
    const w = 1 + t;
    if (ix < 0x3c800000) return w;
    return 1 + (t * t) / (w + w);
  }
  if (ix < 0x40360000) {
    // |x| < 22
    const t = exp(a);
    return 0.5 * t + 0.5 / t;
  }
  if (ix < 0x40862e42) return 0.5 * exp(a);
  if (ix <= 0x408633ce) return expo2(a);
  return Infinity;
}

/** Deterministic hyperbolic tangent; error < 2 ulps. */
export function tanh(x: number): number {
  const hx = hiWord(x);
  const ix = hx & 0x7fffffff;
  if (x !== x) return NaN;
  let z: number;
  if (ix < 0x40360000) {
    // |x| < 22
    if (ix < 0x3e300000) return x; // |x| < 2^-28 (keeps -0)
    if (ix >= 0x3ff00000) {
      z = 1 - 2 / (expm1(2 * Math.abs(x)) + 2);
    } else {
      const t = expm1(-2 * Math.abs(x));
      z = -t / (t + 2);
    }
  } else {
    z = 1; // |x| >= 22, including ±Infinity
  }
  return hx >= 0 ? z : -z;
}

/** Deterministic sqrt(x^2 + y^2) without undue overflow/underflow (two arguments); error < 1 ulp. */
export function hypot(x: number, y: number): number {
  let ha = hiWord(x) & 0x7fffffff;
  let hb = hiWord(y) & 0x7fffffff;
  let a = Math.abs(x);
  let b = Math.abs(y);
  if (hb > ha) {
    const t = a;
    a = b;
    b = t;
    const j = ha;
    ha = hb;
    hb = j;
  }
  if (ha >= 0x7ff00000 || hb >= 0x7ff00000) {
    // Infinity wins over NaN, as in the built-in hypot
    if (a === Infinity || b === Infinity) return Infinity;
    return NaN;
  }
  if (ha - hb > 0x3c00000) return a + b; // a/b > 2^60
  let k = 0;
  if (ha > 0x5f300000) {
    // a > 2^500: scale both by 2^-600
    ha -= 0x25800000;
    hb -= 0x25800000;
    k += 600;
    a = withHi(a, ha);
    b = withHi(b, hb);
  }
  if (hb < 0x20b00000) {
    // b < 2^-500
    if (hb <= 0x000fffff) {
      // subnormal b or 0
      if ((hb | loWord(b)) === 0) return a;
      const t1 = pow2(1022);
      b *= t1;
      a *= t1;
      k -= 1022;
      ha = hiWord(a);
      hb = hiWord(b);
      if (hb > ha) {
        const t = a;
        a = b;
        b = t;
        const j = ha;
        ha = hb;
        hb = j;
      }
    } else {
      ha += 0x25800000; // scale both by 2^600
      hb += 0x25800000;
      k -= 600;
      a = withHi(a, ha);
      b = withHi(b, hb);
    }
  }
  // medium-size a and b: evaluate a^2 + b^2 with extra precision, then one sqrt
  let w = a - b;
  if (w > b) {
    const t1 = fromWords(ha, 0);
    const t2 = a - t1;
    w = Math.sqrt(t1 * t1 - (b * -b - t2 * (a + t1)));
  } else {
    a = a + a;
    const y1 = fromWords(hb, 0);
    const y2 = b - y1;
    const t1 = fromWords(ha + 0x00100000, 0);
    const t2 = a - t1;
    w = Math.sqrt(t1 * y1 - (w * -w - (t1 * y2 + t2 * b)));
  }
  return k !== 0 ? pow2(k) * w : w;
}
