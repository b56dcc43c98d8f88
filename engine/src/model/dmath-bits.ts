// Bit-level helpers for dmath: fdlibm-style access to the high/low 32-bit words of a double.
// A DataView with explicit big-endian offsets makes this independent of platform byte order.

const view = new DataView(new ArrayBuffer(8));

/** High 32 bits of x (sign, exponent, top 20 mantissa bits) as a signed int32. */
export function hiWord(x: number): number {
  view.setFloat64(0, x);
  return view.getInt32(0);
}

/** Low 32 bits of x's mantissa as an unsigned int. */
export function loWord(x: number): number {
  view.setFloat64(0, x);
  return view.getUint32(4);
}

/** The double whose high and low words are hi and lo. */
export function fromWords(hi: number, lo: number): number {
  view.setUint32(0, hi >>> 0);
  view.setUint32(4, lo >>> 0);
  return view.getFloat64(0);
}

/** x with its high word replaced. */
export function withHi(x: number, hi: number): number {
  view.setFloat64(0, x);
  view.setUint32(0, hi >>> 0);
  return view.getFloat64(0);
}

/** x with its low word cleared: keeps the top 21 mantissa bits (fdlibm SET_LOW_WORD(x, 0)). */
export function clearLo(x: number): number {
  view.setFloat64(0, x);
  view.setUint32(4, 0);
  return view.getFloat64(0);
}

/** 2^n for an integer n in [-1022, 1023], exactly. */
export function pow2(n: number): number {
  return fromWords((0x3ff + n) << 20, 0);
}

/** x * 2^n, as musl's scalbn (single rounding also in the subnormal range). */
export function scalbn(x: number, n: number): number {
  let y = x;
  if (n > 1023) {
    y *= pow2(1023);
    n -= 1023;
    if (n > 1023) {
      y *= pow2(1023);
      n = Math.min(n - 1023, 1023);
    }
  } else if (n < -1022) {
    // Keep the final n below -53 so the last multiply rounds only once.
    y *= pow2(-1022 + 53);
    n += 1022 - 53;
    if (n < -1022) {
      y *= pow2(-1022 + 53);
      n = Math.max(n + 1022 - 53, -1022);
    }
  }
  return y * pow2(n);
}
