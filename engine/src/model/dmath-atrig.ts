// dmath atan / atan2 / asin / acos: fdlibm algorithms (table-free argument reduction plus
// minimax polynomials / rational functions), built only from IEEE-exact operations and sqrt.
import { hiWord, loWord, clearLo } from "./dmath-bits.ts";

const PI = 3.141592653589793;
const PI_LO = 1.2246467991473532e-16; // pi - PI
const PIO2_HI = 1.5707963267948966;
const PIO2_LO = 6.123233995736766e-17;
const PIO4_HI = 7.853981633974483e-1;

// atan(t) = t - t^3·(a0 + t^2·a1 + ... + t^20·a10) on [0, 7/16]
const AT0 = 3.33333333333329318027e-1;
const AT1 = -1.99999999998764832476e-1;
const AT2 = 1.42857142725034663711e-1;
const AT3 = -1.1111110405462355788e-1;
const AT4 = 9.09088713343650656196e-2;
const AT5 = -7.69187620504482999495e-2;
const AT6 = 6.66107313738753120669e-2;
const AT7 = -5.83357013379057348645e-2;
const AT8 = 4.97687799461593236017e-2;
const AT9 = -3.6531572744216915527e-2;
const AT10 = 1.62858201153657823623e-2;

/** Deterministic arctangent; error < 1 ulp. */
export function atan(x: number): number {
  const hx = hiWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x44100000) {
    // |x| >= 2^66 or NaN
    if (x !== x) return NaN;
    return hx > 0 ? PIO2_HI + PIO2_LO : -PIO2_HI - PIO2_LO;
  }
  // Reduce to |t| <= 7/16 with atan(x) = atan(c) + atan((x - c)/(1 + c·x)), c in {1/2, 1, 3/2, inf}
  let hi = 0;
  let lo = 0;
  let reduced = true;
  let t = x;
  if (ix < 0x3fdc0000) {
    // |x| < 7/16
    if (ix < 0x3e400000) return x; // |x| < 2^-27 (keeps -0)
    reduced = false;
  } else {
    const a = Math.abs(x);
    if (ix < 0x3fe60000) {
      // 7/16 <= |x| < 11/16
      hi = 4.63647609000806093515e-1; // atan(1/2)
      lo = 2.26987774529616870924e-17;
      t = (2 * a - 1) / (2 + a);
    } else if (ix < 0x3ff30000) {
      // 11/16 <= |x| < 19/16
      hi = PIO4_HI; // atan(1)
      lo = 3.06161699786838301793e-17;
      t = (a - 1) / (a + 1);
    } else if (ix < 0x40038000) {
      // 19/16 <= |x| < 39/16
      hi = 9.82793723247329054082e-1; // atan(3/2)
      lo = 1.39033110312309984516e-17;
      t = (a - 1.5) / (1 + 1.5 * a);
    } else {
      hi = PIO2_HI; // atan(inf)
      lo = PIO2_LO;
      t = -1 / a;
    }
  }
  const z = t * t;
  const w = z * z;
  // odd and even halves of the polynomial, evaluated in parallel
  const s1 = z * (AT0 + w * (AT2 + w * (AT4 + w * (AT6 + w * (AT8 + w * AT10)))));
  const s2 = w * (AT1 + w * (AT3 + w * (AT5 + w * (AT7 + w * AT9))));
  if (!reduced) return t - t * (s1 + s2);
  const r = hi - (t * (s1 + s2) - lo - t);
  return hx < 0 ? -r : r;
}

/** Deterministic atan2(y, x) with the built-in atan2's quadrant and signed-zero rules; error < 2 ulps. */
export function atan2(y: number, x: number): number {
  if (x !== x || y !== y) return NaN;
  if (x === 1) return atan(y);
  const hx = hiWord(x);
  const hy = hiWord(y);
  const ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;
  let m = (hy >>> 31) | ((hx >>> 31) << 1); // bit 0: y < 0 (or -0), bit 1: x < 0 (or -0)
  if (y === 0) {
    if (m < 2) return y; // atan2(±0, +anything) = ±0
    return m === 2 ? PI : -PI; // atan2(±0, -anything) = ±pi
  }
  if (x === 0) return hy < 0 ? -PIO2_HI : PIO2_HI;
  if (ix === 0x7ff00000) {
    // x = ±Infinity
    if (iy === 0x7ff00000) {
      if (m === 0) return PIO4_HI;
      if (m === 1) return -PIO4_HI;
      return m === 2 ? 3 * PIO4_HI : -3 * PIO4_HI;
    }
    if (m === 0) return 0;
    if (m === 1) return -0;
    return m === 2 ? PI : -PI;
  }
  if (iy === 0x7ff00000) return hy < 0 ? -PIO2_HI : PIO2_HI;
  const k = (iy - ix) >> 20; // difference of exponents
  let z: number;
  if (k > 60) {
    // |y/x| > 2^60
    z = PIO2_HI + 0.5 * PI_LO;
    m &= 1;
  } else if (hx < 0 && k < -60) {
    z = 0; // |y/x| < 2^-60 and x < 0: the result is ±pi
  } else {
    z = atan(Math.abs(y / x));
  }
  switch (m) {
    case 0:
      return z;
    case 1:
      return -z;
    case 2:
      return PI - (z - PI_LO);
    default:
      return z - PI_LO - PI;
  }
}

// (asin(x) - x)/x^3 ~ R(x^2) = p(x^2)/q(x^2) on [0, 0.5], |error| < 2^-58.75
const PS0 = 1.66666666666666657415e-1;
const PS1 = -3.25565818622400915405e-1;
const PS2 = 2.01212532134862925881e-1;
const PS3 = -4.00555345006794114027e-2;
const PS4 = 7.91534994289814532176e-4;
const PS5 = 3.4793310759602116757e-5;
const QS1 = -2.40339491173441421878;
const QS2 = 2.02094576023350569471;
const QS3 = -6.8828397160545329303e-1;
const QS4 = 7.70381505559019352791e-2;

function rAsin(z: number): number {
  const p = z * (PS0 + z * (PS1 + z * (PS2 + z * (PS3 + z * (PS4 + z * PS5)))));
  const q = 1 + z * (QS1 + z * (QS2 + z * (QS3 + z * QS4)));
  return p / q;
}

/** Deterministic arcsine; NaN outside [-1, 1]; error < 1 ulp. */
export function asin(x: number): number {
  const hx = hiWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x3ff00000) {
    // |x| >= 1 or NaN
    if (((ix - 0x3ff00000) | loWord(x)) === 0) return x * PIO2_HI + x * PIO2_LO;
    return NaN;
  }
  if (ix < 0x3fe00000) {
    // |x| < 0.5
    if (ix < 0x3e500000) return x; // |x| < 2^-26 (keeps -0)
    return x + x * rAsin(x * x);
  }
  // 0.5 <= |x| < 1: asin(x) = pi/2 - 2·asin(sqrt((1 - |x|)/2))
  const z = (1 - Math.abs(x)) * 0.5;
  const s = Math.sqrt(z);
  const r = rAsin(z);
  let t: number;
  if (ix >= 0x3fef3333) {
    // |x| > 0.975
    t = PIO2_HI - (2 * (s + s * r) - PIO2_LO);
  } else {
    const f = clearLo(s);
    const c = (z - f * f) / (s + f); // f + c ~ sqrt(z)
    t = PIO4_HI - (2 * s * r - (PIO2_LO - 2 * c) - (PIO4_HI - 2 * f));
  }
  return hx < 0 ? -t : t;
}

/** Deterministic arccosine; NaN outside [-1, 1]; error < 1 ulp. */
export function acos(x: number): number {
  const hx = hiWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x3ff00000) {
    // |x| >= 1 or NaN
    if (((ix - 0x3ff00000) | loWord(x)) === 0) return hx > 0 ? 0 : PI + 2 * PIO2_LO;
    return NaN;
  }
  if (ix < 0x3fe00000) {
    // |x| < 0.5
    if (ix <= 0x3c600000) return PIO2_HI + PIO2_LO; // |x| < 2^-57
    return PIO2_HI - (x - (PIO2_LO - x * rAsin(x * x)));
  }
  if (hx < 0) {
    // x <= -0.5: acos(x) = pi - 2·asin(sqrt((1 + x)/2))
    const z = (1 + x) * 0.5;
    const s = Math.sqrt(z);
    const w = rAsin(z) * s - PIO2_LO;
    return PI - 2 * (s + w);
  }
  // x >= 0.5: acos(x) = 2·asin(sqrt((1 - x)/2))
  const z = (1 - x) * 0.5;
  const s = Math.sqrt(z);
  const f = clearLo(s);
  const c = (z - f * f) / (s + f);
  return 2 * (f + (rAsin(z) * s + c));
}
