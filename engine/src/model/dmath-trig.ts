// dmath sin / cos / tan: fdlibm kernels on [-pi/4, pi/4] after reducing x modulo pi/2.
// Reduction is Cody–Waite with pi/2 in three 33-bit pieces for |x| < 2^20·pi/2, and an exact
// Payne–Hanek style reduction with a hard-coded 1200-bit 2/pi (BigInt arithmetic) above that,
// so every finite double is reduced correctly. Only IEEE-exact operations are used.
import { hiWord, loWord, clearLo } from "./dmath-bits.ts";

// Cody–Waite pieces (fdlibm __rem_pio2): PIO2_n has 33 significant bits, so fn * PIO2_n is exact.
const INVPIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417e0;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.0771005063039659766e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.0222662487111664558e-21;
const PIO2_3T = 8.47842766036889956997e-32;
const TOINT = 6755399441055744; // 1.5 * 2^52: (v + TOINT) - TOINT rounds v to an integer
const PIO2_HI = 1.5707963267948966; // pi/2 = PIO2_HI + PIO2_LO
const PIO2_LO = 6.123233995736766e-17;

// floor(2/pi * 2^1200): the first 1200 bits of 2/pi (same digits as fdlibm's ipio2 table).
const TWO_OVER_PI = BigInt(
  "0xa2f9836e4e441529fc2757d1f534ddc0db6295993c439041fe5163abdebbc561b7246e3a424dd2e0" +
    "06492eea09d1921cfe1deb1cb129a73ee88235f52ebb4484e99c7026b45f7e413991d639835339f4" +
    "9c845f8bbdf9283b1ff897ffde05980fef2f118b5a0a6d1f6d367ecf27cb09b74f463f669e5fea2d" +
    "7527bac7ebe5f17b3d0739f78a5292ea6bfb5fb11f8d5d0856033046fc7b",
);
const FRAC = 130; // fraction bits of x·2/pi kept by the large reduction
const ONE_FRAC = 1n << 130n;
const MASK_FRAC = ONE_FRAC - 1n;
const MASK_QUAD = (1n << 132n) - 1n;
const TWO_M65 = 1 / 36893488147419103232; // 2^-65 (exact)
const SPLIT = 134217729; // 2^27 + 1, Veltkamp splitting constant

// Result of the last reduction: x = n·pi/2 + (ry0 + ry1), |ry0 + ry1| <~ pi/4.
let ry0 = 0;
let ry1 = 0;

/** Reduces finite x (|x| >~ pi/4) modulo pi/2 into ry0 + ry1; returns n (use n & 3). */
function remPio2(x: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix >= 0x413921fb) return remPio2Large(x);
  const fn = x * INVPIO2 + TOINT - TOINT;
  const n = fn | 0;
  let r = x - fn * PIO2_1; // exact
  let w = fn * PIO2_1T;
  const j = ix >>> 20;
  ry0 = r - w;
  if (j - ((hiWord(ry0) >>> 20) & 0x7ff) > 16) {
    // heavy cancellation: second round, good to 118 bits
    let t = r;
    w = fn * PIO2_2;
    r = t - w;
    w = fn * PIO2_2T - (t - r - w);
    ry0 = r - w;
    if (j - ((hiWord(ry0) >>> 20) & 0x7ff) > 49) {
      // third round, good to 151 bits: covers every double below 2^20·pi/2
      t = r;
      w = fn * PIO2_3;
      r = t - w;
      w = fn * PIO2_3T - (t - r - w);
      ry0 = r - w;
    }
  }
  ry1 = r - ry0 - w;
  return n;
}

/** Exact reduction for |x| >= 2^20·pi/2: multiply the 53-bit mantissa by 2/pi in BigInt. */
function remPio2Large(x: number): number {
  const hx = hiWord(x);
  const ix = hx & 0x7fffffff;
  const m = BigInt(((ix & 0xfffff) | 0x100000) * 4294967296 + loWord(x));
  const e = (ix >>> 20) - 1075; // |x| = m · 2^e, 20 - 52 <= e <= 971
  // |x|·2/pi = m·F·2^(e-1200); keep 2 integer bits (n mod 4) and FRAC fraction bits.
  // Truncating 2/pi costs < 2^(53+971-1200) = 2^-176, far below the 2^-130 kept.
  const q = ((m * TWO_OVER_PI) >> BigInt(1200 - e - FRAC)) & MASK_QUAD;
  let n = Number(q >> 130n);
  let f = q & MASK_FRAC;
  if (f >= ONE_FRAC >> 1n) {
    n += 1;
    f -= ONE_FRAC; // fraction in [-1/2, 1/2)
  }
  // f as a double-double (BigInt -> Number rounds to nearest, as the spec requires), times 2^-130.
  const fh = Number(f);
  const rh = fh * TWO_M65 * TWO_M65;
  const rl = Number(f - BigInt(fh)) * TWO_M65 * TWO_M65;
  // (rh + rl) · pi/2 as ry0 + ry1, with rh·PIO2_HI computed exactly by Dekker's product.
  const p = rh * PIO2_HI;
  let c = SPLIT * rh;
  const ah = c - (c - rh);
  const al = rh - ah;
  c = SPLIT * PIO2_HI;
  const bh = c - (c - PIO2_HI);
  const bl = PIO2_HI - bh;
  const err = ah * bh - p + ah * bl + al * bh + al * bl;
  const t = err + (rh * PIO2_LO + rl * PIO2_HI);
  const y0 = p + t;
  const y1 = t - (y0 - p);
  if (hx < 0) {
    ry0 = -y0;
    ry1 = -y1;
    return -n;
  }
  ry0 = y0;
  ry1 = y1;
  return n;
}

// sin(x) ~ x + S1·x^3 + ... + S6·x^13 on [-pi/4, pi/4], |error| <= 2^-58 (fdlibm k_sin)
const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;

/** sin(x + y) for |x| <~ pi/4, y the tail of x (0 when hasTail is false). */
function kSin(x: number, y: number, hasTail: boolean): number {
  const z = x * x;
  const w = z * z;
  const r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  const v = z * x;
  if (!hasTail) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

// cos(x) ~ 1 - x^2/2 + C1·x^4 + ... + C6·x^14, |error| <= 2^-58 (fdlibm k_cos)
const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.0875723212981748279e-9;
const C6 = -1.13596475577881948265e-11;

/** cos(x + y) for |x| <~ pi/4, y the tail of x. */
function kCos(x: number, y: number): number {
  const z = x * x;
  const w = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  const v = 1 - hz;
  return v + (1 - v - hz + (z * r - x * y));
}

// tan(x) ~ x + T0·x^3 + ... + T12·x^27 on [0, 0.67434], |error| <= 2^-59.2 (fdlibm k_tan)
const T0 = 3.33333333333334091986e-1;
const T1 = 1.33333333333201242699e-1;
const T2 = 5.39682539762260521377e-2;
const T3 = 2.18694882948595424599e-2;
const T4 = 8.86323982359930005737e-3;
const T5 = 3.59207910759131235356e-3;
const T6 = 1.45620945432529025516e-3;
const T7 = 5.88041240820264096874e-4;
const T8 = 2.46463134818469906812e-4;
const T9 = 7.817944429395570923e-5;
const T10 = 7.14072491382608190305e-5;
const T11 = -1.85586374855275456654e-5;
const T12 = 2.59073051863633712884e-5;
const PIO4 = 7.85398163397448278999e-1;
const PIO4LO = 3.06161699786838301793e-17;

/** tan(x + y) if k = 1, -1/tan(x + y) if k = -1, for |x| <~ pi/4. */
function kTan(x: number, y: number, k: number): number {
  const hx = hiWord(x);
  const big = (hx & 0x7fffffff) >= 0x3fe59428; // |x| >= 0.6744: use tan(pi/4 - x)
  if (big) {
    if (hx < 0) {
      x = -x;
      y = -y;
    }
    x = PIO4 - x + (PIO4LO - y);
    y = 0;
  }
  const z = x * x;
  const w = z * z;
  let r = T1 + w * (T3 + w * (T5 + w * (T7 + w * (T9 + w * T11))));
  const v = z * (T2 + w * (T4 + w * (T6 + w * (T8 + w * (T10 + w * T12)))));
  const s = z * x;
  r = y + z * (s * (r + v) + y);
  r += T0 * s;
  const t = x + r;
  if (big) {
    const sign = hx < 0 ? -1 : 1;
    return sign * (k - 2 * (x - ((t * t) / (t + k) - r)));
  }
  if (k === 1) return t;
  // -1/(x + r) accurately: split t and -1/t into 21-bit heads and tails.
  const th = clearLo(t);
  const tl = r - (th - x);
  const a = -1 / t;
  const ah = clearLo(a);
  return ah + a * (1 + ah * th + ah * tl);
}

/** Deterministic sine; error < 1 ulp for every finite x. */
export function sin(x: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    if (ix < 0x3e500000) return x; // |x| < 2^-26 (keeps -0)
    return kSin(x, 0, false);
  }
  if (ix >= 0x7ff00000) return NaN;
  const n = remPio2(x);
  switch (n & 3) {
    case 0:
      return kSin(ry0, ry1, true);
    case 1:
      return kCos(ry0, ry1);
    case 2:
      return -kSin(ry0, ry1, true);
    default:
      return -kCos(ry0, ry1);
  }
}

/** Deterministic cosine; error < 1 ulp for every finite x. */
export function cos(x: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    if (ix < 0x3e46a09e) return 1; // |x| < 2^-27·sqrt(2)
    return kCos(x, 0);
  }
  if (ix >= 0x7ff00000) return NaN;
  const n = remPio2(x);
  switch (n & 3) {
    case 0:
      return kCos(ry0, ry1);
    case 1:
      return -kSin(ry0, ry1, true);
    case 2:
      return -kCos(ry0, ry1);
    default:
      return kSin(ry0, ry1, true);
  }
}

/** Deterministic tangent; error < 1 ulp for every finite x (never exactly infinite). */
export function tan(x: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    if (ix < 0x3e400000) return x; // |x| < 2^-27
    return kTan(x, 0, 1);
  }
  if (ix >= 0x7ff00000) return NaN;
  const n = remPio2(x);
  return kTan(ry0, ry1, 1 - ((n & 1) << 1));
}
