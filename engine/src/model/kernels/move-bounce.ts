// Built-in kernel: move entities by velocity and reflect them off the walls of a box — the
// inner loop of particle, swarm and bullet-hell games. With WebAssembly SIMD it runs the
// f32x4 code of move-bounce.wat on the world's arena (four entities per instruction where ids
// are consecutive); elsewhere its JS twin below, which rounds to f32 after every operation as
// the WebAssembly code does, so both give the same bits and clients on either path stay in sync.
import { ID_CHUNK } from "../arena.ts";
import type { Component } from "../component.ts";
import type { World } from "../world.ts";

/** A component with f32 fields `x` and `y` (position or velocity). */
export type Vec2F32 = Component<{ x: "f32"; y: "f32" }>;

const f = Math.fround;

/**
 * For every entity with both components: p += v × dt, then a coordinate below 0 or above the
 * box's size is reflected back inside and that velocity component negated. All arithmetic in
 * f32 (what the stores hold). Deterministic: the same inputs give the same bits on every engine.
 */
export function moveAndBounce2D(world: World, position: Vec2F32, velocity: Vec2F32, dt: number, width: number, height: number): void {
  const ids = world.query(position, velocity);
  const p = world.store(position);
  const v = world.store(velocity);
  const arena = world.arena;
  const at = arena !== null && ids.length > 0 ? arena.addresses4(p.x, p.y, v.x, v.y) : null;
  if (at !== null) {
    const k = arena!.kernels();
    const n = ids.length;
    // sorted unique ids spanning exactly n values are one run: no id list to copy in
    if (ids[n - 1]! - ids[0]! === n - 1) {
      k.moveBounceRange(at[0]!, at[1]!, at[2]!, at[3]!, ids[0]!, n, dt, width, height);
      return;
    }
    const scratch = arena!.ids;
    const scratchAt = arena!.idsAddress;
    for (let from = 0; from < n; from += ID_CHUNK) {
      const m = Math.min(ID_CHUNK, n - from);
      scratch.set(ids.subarray(from, from + m));
      k.moveBounce(at[0]!, at[1]!, at[2]!, at[3]!, scratchAt, m, dt, width, height);
    }
    return;
  }
  moveAndBounceJs(ids, p.x, p.y, v.x, v.y, dt, width, height);
}

/** The JS twin of the WebAssembly kernel (exported for the bit-for-bit test). */
export function moveAndBounceJs(
  ids: ArrayLike<number>,
  px: Float32Array,
  py: Float32Array,
  vx: Float32Array,
  vy: Float32Array,
  dt: number,
  width: number,
  height: number,
): void {
  const d = f(dt), w = f(width), h = f(height), w2 = f(w + w), h2 = f(h + h);
  for (let i = 0; i < ids.length; i++) {
    const e = ids[i]!;
    let x = f(px[e]! + f(vx[e]! * d));
    let y = f(py[e]! + f(vy[e]! * d));
    if (x < 0) { x = -x; vx[e] = -vx[e]!; }
    else if (x > w) { x = f(w2 - x); vx[e] = -vx[e]!; }
    if (y < 0) { y = -y; vy[e] = -vy[e]!; }
    else if (y > h) { y = f(h2 - y); vy[e] = -vy[e]!; }
    px[e] = x;
    py[e] = y;
  }
}
