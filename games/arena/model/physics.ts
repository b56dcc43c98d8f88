// Physics systems: move integrates every moving entity; collide bounces ships off each other,
// then off the walls (so no ship ends a step outside), then applies bullet hits. Pairs are visited in ascending eid order, so every client agrees.
import type { World } from "tandem";
import { Alive, Bullet, Position, Ship, Velocity } from "./components.ts";
import { BULLET_RADIUS, HEIGHT, HIT_EVENT, HIT_POINTS, KILL_BONUS, RESPAWN_STEPS, SHIP_RADIUS, SHIP_RESTITUTION, WALL_BOUNCE, WIDTH } from "./constants.ts";

/** Payload of HIT_EVENT: who hit whom, where, and whether it destroyed the ship. */
export interface HitEvent {
  shooter: number;
  target: number;
  killed: boolean;
  points: number;
  x: number;
  y: number;
}

export function move(world: World, dt: number): void {
  const ids = world.query(Position, Velocity);
  const { x: px, y: py } = world.store(Position);
  const { x: vx, y: vy } = world.store(Velocity);
  for (let i = 0; i < ids.length; i++) {
    const e = ids[i]!;
    px[e] = px[e]! + vx[e]! * dt;
    py[e] = py[e]! + vy[e]! * dt;
  }
}

/** Clamps living ships inside the walls and reflects them: a ship never ends a step outside. */
function walls(world: World, ships: Uint32Array): void {
  const { x: px, y: py } = world.store(Position);
  const { x: vx, y: vy } = world.store(Velocity);
  const lo = SHIP_RADIUS, hiX = WIDTH - SHIP_RADIUS, hiY = HEIGHT - SHIP_RADIUS;
  for (let i = 0; i < ships.length; i++) {
    const e = ships[i]!;
    if (px[e]! < lo) { px[e] = lo; vx[e] = Math.abs(vx[e]!) * WALL_BOUNCE; }
    else if (px[e]! > hiX) { px[e] = hiX; vx[e] = -Math.abs(vx[e]!) * WALL_BOUNCE; }
    if (py[e]! < lo) { py[e] = lo; vy[e] = Math.abs(vy[e]!) * WALL_BOUNCE; }
    else if (py[e]! > hiY) { py[e] = hiY; vy[e] = -Math.abs(vy[e]!) * WALL_BOUNCE; }
  }
}

/** Elastic-ish bounce of two overlapping ships of equal mass; separates them fully. */
function bounce(world: World, a: number, b: number): void {
  const { x: px, y: py } = world.store(Position);
  const { x: vx, y: vy } = world.store(Velocity);
  const dx = px[b]! - px[a]!, dy = py[b]! - py[a]!;
  const minD = 2 * SHIP_RADIUS;
  const d2 = dx * dx + dy * dy;
  if (d2 >= minD * minD) return;
  const d = Math.sqrt(d2);
  // exactly on top of each other: separate along x (any fixed axis keeps clients equal)
  const nx = d > 0 ? dx / d : 1, ny = d > 0 ? dy / d : 0;
  const push = (minD - d) / 2;
  px[a] = px[a]! - nx * push; py[a] = py[a]! - ny * push;
  px[b] = px[b]! + nx * push; py[b] = py[b]! + ny * push;
  const vn = (vx[b]! - vx[a]!) * nx + (vy[b]! - vy[a]!) * ny;
  if (vn >= 0) return; // already separating
  const j = (-(1 + SHIP_RESTITUTION) * vn) / 2;
  vx[a] = vx[a]! - j * nx; vy[a] = vy[a]! - j * ny;
  vx[b] = vx[b]! + j * nx; vy[b] = vy[b]! + j * ny;
}

export function collide(world: World): void {
  const ships = world.query(Ship, Alive);
  for (let i = 0; i < ships.length; i++) for (let k = i + 1; k < ships.length; k++) bounce(world, ships[i]!, ships[k]!);
  // after the bounces, which may push a ship into a wall
  walls(world, ships);

  const bullets = world.query(Bullet);
  const { x: px, y: py } = world.store(Position);
  const bOwner = world.store(Bullet).owner;
  const s = world.store(Ship);
  const reach = (SHIP_RADIUS + BULLET_RADIUS) * (SHIP_RADIUS + BULLET_RADIUS);
  for (let i = 0; i < bullets.length; i++) {
    const b = bullets[i]!;
    const owner = bOwner[b]!;
    for (let k = 0; k < ships.length; k++) {
      const e = ships[k]!;
      if (s.owner[e] === owner || !world.hasComponent(e, Alive)) continue;
      const dx = px[e]! - px[b]!, dy = py[e]! - py[b]!;
      if (dx * dx + dy * dy > reach) continue;
      world.removeEntity(b); // even an invulnerable ship absorbs the shot
      if (s.invulnerable[e]! > 0) break;
      s.hp[e] = s.hp[e]! - 1;
      const killed = s.hp[e]! <= 0;
      if (killed) destroy(world, e);
      const hit: HitEvent = { shooter: owner, target: s.owner[e]!, killed, points: HIT_POINTS + (killed ? KILL_BONUS : 0), x: px[e]!, y: py[e]! };
      // the model's handler runs synchronously (scores); views get it for effects and sound
      world.publish(world.host.sessionId, HIT_EVENT, hit);
      break;
    }
  }
}

/** Takes a ship out of play until `respawn` counts down. */
function destroy(world: World, e: number): void {
  world.removeComponent(e, Alive);
  const v = world.store(Velocity);
  v.x[e] = 0;
  v.y[e] = 0;
  world.store(Ship).respawn[e] = RESPAWN_STEPS;
}
