// dmath pow: fdlibm e_pow. x^y = 2^(y·log2(x)) with log2(x) and the product carried in extra
// precision (head/tail pairs whose heads have their low 32 bits cleared), then an exp kernel.
// Integer powers with a representable result come out exact; special cases follow the built-in pow.
import { hiWord, loWord, fromWords, withHi, clearLo, scalbn } from "./dmath-bits.ts";

const TWO53 = 9007199254740992;
const DP_H = 5.84962487220764160156e-1; // log2(1.5) head
const DP_L = 1.35003920212974897128e-8; // log2(1.5) tail
// (3/2)·(log(x) - 2s - 2/3·s^3) polynomial in s^2
const L1 = 5.99999999999994648725e-1;
const L2 = 4.28571428578550184252e-1;
const L3 = 3.33333329818377432918e-1;
const L4 = 2.72728123808534006489e-1;
const L5 = 2.30660745775561754067e-1;
const L6 = 2.06975017800338417784e-1;
// exp kernel (as in exp)
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
const LG2 = 6.93147180559945286227e-1;
const LG2_H = 6.93147182464599609375e-1;
const LG2_L = -1.90465429995776804525e-9;
const OVT = 8.0085662595372944372e-17; // -(1024 - log2(overflow + 0.5 ulp))
const CP = 9.61796693925975554329e-1; // 2/(3·ln2) = CP_H + CP_L
const CP_H = 9.61796700954437255859e-1;
const CP_L = -7.02846165095275826516e-9;
const IVLN2 = 1.442695040888963387; // 1/ln2 = IVLN2_H + IVLN2_L
const IVLN2_H = 1.44269502162933349609;
const IVLN2_L = 1.92596299112661746887e-8;

/** 0 if y is not an integer, 1 if it is odd, 2 if even (only needed for x < 0). */
function integerKind(iy: number, ly: number): number {
  if (iy >= 0x43400000) return 2; // |y| >= 2^53
  if (iy < 0x3ff00000) return 0; // |y| < 1
  const k = (iy >> 20) - 0x3ff; // unbiased exponent
  if (k > 20) {
    const j = ly >>> (52 - k);
    return (j << (52 - k)) >>> 0 === ly ? 2 - (j & 1) : 0;
  }
  if (ly !== 0) return 0;
  const j = iy >> (20 - k);
  return j << (20 - k) === iy ? 2 - (j & 1) : 0;
}

/** Deterministic x^y with the built-in pow's special cases; error < 1 ulp (exact integer results). */
export function pow(x: number, y: number): number {
  const hx = hiWord(x);
  const lx = loWord(x);
  const hy = hiWord(y);
  const ly = loWord(y);
  let ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;
  if ((iy | ly) === 0) return 1; // x^±0 = 1, even for NaN
  if (x !== x || y !== y) return NaN;
  const yisint = hx < 0 ? integerKind(iy, ly) : 0;

  if (ly === 0) {
    if (iy === 0x7ff00000) {
      // y = ±Infinity
      if (((ix - 0x3ff00000) | lx) === 0) return NaN; // (±1)^±Infinity is NaN in JS
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0; // |x| > 1
      return hy < 0 ? -y : 0; // |x| < 1
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x; // y = ±1
    if (hy === 0x40000000) return x * x; // y = 2
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x); // y = 0.5, x >= +0
  }

  const ax = Math.abs(x);
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) {
    // x = ±0, ±Infinity, ±1
    let z = hy < 0 ? 1 / ax : ax;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yisint) === 0) z = NaN; // (-1)^non-integer
      else if (yisint === 1) z = -z; // (x<0)^odd = -(|x|^odd)
    }
    return z;
  }

  if (hx < 0 && yisint === 0) return NaN; // (x<0)^non-integer
  const s = hx < 0 && yisint === 1 ? -1 : 1; // sign of the result

  // log2(|x|) = t1 + t2, t1 with its low word cleared
  let t1: number;
  let t2: number;
  if (iy > 0x41e00000) {
    // |y| > 2^31
    if (iy > 0x43f00000) {
      // |y| > 2^64: must overflow or underflow
      if (ix <= 0x3fefffff) return hy < 0 ? Infinity : 0;
      if (ix >= 0x3ff00000) return hy > 0 ? Infinity : 0;
    }
    if (ix < 0x3fefffff) return hy < 0 ? s * Infinity : s * 0;
    if (ix > 0x3ff00000) return hy > 0 ? s * Infinity : s * 0;
    // |1 - x| <= 2^-20: log(x) by x - x^2/2 + x^3/3 - x^4/4
    const t = ax - 1;
    const w = t * t * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
    const u = IVLN2_H * t;
    const v = t * IVLN2_L - w * IVLN2;
    t1 = clearLo(u + v);
    t2 = v - (t1 - u);
  } else {
    let a = ax;
    let n = 0;
    if (ix < 0x00100000) {
      // subnormal x
      a *= TWO53;
      n -= 53;
      ix = hiWord(a);
    }
    n += (ix >> 20) - 0x3ff;
    const j = ix & 0x000fffff;
    ix = j | 0x3ff00000; // normalize to [1, 2)
    let k = 0;
    if (j <= 0x3988e) k = 0; // |x| < sqrt(3/2)
    else if (j < 0xbb67a) k = 1; // |x| < sqrt(3)
    else {
      n += 1;
      ix -= 0x00100000;
    }
    a = withHi(a, ix);
    const bp = k === 0 ? 1 : 1.5;
    // ss = sH + sL = (x - 1)/(x + 1) or (x - 1.5)/(x + 1.5)
    let u = a - bp;
    let v = 1 / (a + bp);
    const ss = u * v;
    const sH = clearLo(ss);
    let tH = fromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0); // ~ a + bp
    let tL = a - (tH - bp);
    const sL = v * (u - sH * tH - sH * tL);
    // log(a)
    let s2 = ss * ss;
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += sL * (sH + ss);
    s2 = sH * sH;
    tH = clearLo(3 + s2 + r);
    tL = r - (tH - 3 - s2);
    // u + v = ss·(1 + ...)
    u = sH * tH;
    v = sL * tH + tL * ss;
    // 2/(3·ln2)·(ss + ...)
    const pH = clearLo(u + v);
    const pL = v - (pH - u);
    const zH = CP_H * pH;
    const zL = CP_L * pH + pL * CP + (k === 0 ? 0 : DP_L);
    // log2(|x|) = n + dpH + zH + zL
    const dpH = k === 0 ? 0 : DP_H;
    t1 = clearLo(zH + zL + dpH + n);
    t2 = zL - (t1 - n - dpH - zH);
  }

  // y·log2(|x|) = pH + pL, splitting y into y1 + (y - y1)
  const y1 = clearLo(y);
  const pL = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  let z = pL + pH;
  let j = hiWord(z);
  const i = loWord(z);
  if (j >= 0x40900000) {
    // z >= 1024
    if (((j - 0x40900000) | i) !== 0) return s * Infinity;
    if (pL + OVT > z - pH) return s * Infinity;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    // z <= -1075
    if ((((j & 0x7fffffff) ^ 0x4090cc00) | i) !== 0) return s * 0;
    if (pL <= z - pH) return s * 0;
  }

  // 2^(pH + pL) = 2^n · exp((pH - n + pL)·ln2), n = nearest integer to z
  const ia = j & 0x7fffffff;
  let k = (ia >> 20) - 0x3ff;
  let n = 0;
  if (ia > 0x3fe00000) {
    // |z| > 0.5
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff;
    const t = fromWords(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pH -= t;
  }
  let t = clearLo(pL + pH);
  const u = t * LG2_H;
  const v = (pL - (t - pH)) * LG2 + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  t = z * z;
  const c = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const r = (z * c) / (c - 2) - (w + z * w);
  z = 1 - (r - z);
  j = hiWord(z) + (n << 20);
  if (j >> 20 <= 0) z = scalbn(z, n); // subnormal result
  else z = withHi(z, j);
  return s * z;
}
