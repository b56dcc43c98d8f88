// Interpolation math for renderers: where between two recorded world states to draw, and the
// per-entity blends. The loops are the renderer's hot path (10k+ entities a frame): each
// reads Float64Array history and writes Float32Array output only, so they stay monomorphic
// whatever the components' field types are.

/** Clamps to [0, 1] (NaN → 0). */
export function clamp01(x: number): number {
  return x > 0 ? (x < 1 ? x : 1) : 0;
}

/**
 * Blend factor for drawing at model time `time` between states recorded at `t0` and `t1`:
 * 0 at or before t0, 1 at or after t1 — never beyond either state (no extrapolation).
 * With consecutive steps (t1 − t0 = stepMs) this is the classic fixed-step
 * `alpha = (renderTime − lastStepTime) / stepMs` with the render time one step behind.
 */
export function bracketAlpha(time: number, t0: number, t1: number): number {
  const span = t1 - t0;
  return span > 0 ? clamp01((time - t0) / span) : 1;
}

/**
 * out[i] = a[e] + (b[e] − a[e]) · alpha for every e = ids[i], i < count (x and y together).
 * Entities that moved more than √snapSq between the states (teleports, wrap-arounds, reused
 * ids) are drawn at b instead of sliding across the screen.
 */
export function lerpPositions(
  ids: Uint32Array, count: number,
  ax: Float64Array, ay: Float64Array, bx: Float64Array, by: Float64Array,
  alpha: number, snapSq: number,
  outX: Float32Array, outY: Float32Array,
): void {
  for (let i = 0; i < count; i++) {
    const e = ids[i]!;
    const x0 = ax[e]!, y0 = ay[e]!;
    const dx = bx[e]! - x0, dy = by[e]! - y0;
    if (dx * dx + dy * dy > snapSq) {
      outX[i] = x0 + dx;
      outY[i] = y0 + dy;
    } else {
      outX[i] = x0 + dx * alpha;
      outY[i] = y0 + dy * alpha;
    }
  }
}

const TAU = Math.PI * 2;

/** Blends two angles (radians) along the shorter arc. */
export function lerpAngle(a: number, b: number, t: number): number {
  let d = (b - a) % TAU;
  if (d > Math.PI) d -= TAU;
  else if (d < -Math.PI) d += TAU;
  return a + d * t;
}

/** out[i] = lerpAngle(a[e], b[e], alpha) for every e = ids[i], i < count. */
export function lerpAngles(ids: Uint32Array, count: number, a: Float64Array, b: Float64Array, alpha: number, out: Float32Array): void {
  for (let i = 0; i < count; i++) {
    const e = ids[i]!;
    const a0 = a[e]!;
    let d = (b[e]! - a0) % TAU;
    if (d > Math.PI) d -= TAU;
    else if (d < -Math.PI) d += TAU;
    out[i] = a0 + d * alpha;
  }
}
