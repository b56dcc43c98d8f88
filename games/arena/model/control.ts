// Control systems: applyInputs turns the queued join/leave/control inputs into entities and
// Control state; steer turns and thrusts every living ship from its remembered control state.
import { dmath, type World } from "tandem";
import { Alive, Angle, Control, Position, Ship, Velocity } from "./components.ts";
import { DRAG, MAX_SPEED, THRUST, TURN_RATE } from "./constants.ts";
import { placeShip } from "./spawn.ts";

/** What model handlers queue for the next step (plain data: it is part of snapshots). */
export type ArenaInput =
  | { kind: "spawn"; owner: number }
  | { kind: "remove"; owner: number }
  | { kind: "control"; owner: number; thrust: number; turn: number; fire: number; aiming: number; aimX: number; aimY: number };

/** The ship entity of a player, or -1 (few ships: a scan beats keeping an index in sync). */
export function shipOf(world: World, owner: number): number {
  const ships = world.query(Ship);
  const o = world.store(Ship).owner;
  for (let i = 0; i < ships.length; i++) if (o[ships[i]!] === owner) return ships[i]!;
  return -1;
}

export function applyInputs(world: World): void {
  for (const input of world.inputs as ArenaInput[]) {
    if (input.kind === "spawn") {
      if (shipOf(world, input.owner) !== -1) continue;
      const e = world.addEntity(Position, Velocity, Angle, Ship, Control);
      world.store(Ship).owner[e] = input.owner;
      placeShip(world, e);
      continue;
    }
    const e = shipOf(world, input.owner);
    if (e === -1) continue;
    if (input.kind === "remove") {
      world.removeEntity(e);
    } else {
      const c = world.store(Control);
      c.thrust[e] = input.thrust;
      c.turn[e] = input.turn;
      c.fire[e] = input.fire;
      c.aiming[e] = input.aiming;
      c.aimX[e] = input.aimX;
      c.aimY[e] = input.aimY;
    }
  }
}

/** Wraps an angle difference into [-π, π] (adds/subtracts 2π: exact enough and deterministic). */
export function wrapAngle(a: number): number {
  while (a > dmath.PI) a -= dmath.TAU;
  while (a < -dmath.PI) a += dmath.TAU;
  return a;
}

export function steer(world: World, dt: number): void {
  const ids = world.query(Ship, Control, Alive);
  const { x: px, y: py } = world.store(Position);
  const { x: vx, y: vy } = world.store(Velocity);
  const ang = world.store(Angle).angle;
  const c = world.store(Control);
  const maxTurn = TURN_RATE * dt;
  const maxSq = MAX_SPEED * MAX_SPEED;
  for (let i = 0; i < ids.length; i++) {
    const e = ids[i]!;
    let a = ang[e]!;
    const turn = c.turn[e]!;
    if (turn !== 0) {
      a += turn * maxTurn;
    } else if (c.aiming[e] === 1) {
      // pointer mode: turn toward the aim point at the same rate a key would
      const diff = wrapAngle(dmath.atan2(c.aimY[e]! - py[e]!, c.aimX[e]! - px[e]!) - a);
      a += diff > maxTurn ? maxTurn : diff < -maxTurn ? -maxTurn : diff;
    }
    a = wrapAngle(a);
    ang[e] = a;
    let nx = vx[e]! * DRAG, ny = vy[e]! * DRAG;
    if (c.thrust[e] === 1) {
      nx += dmath.cos(a) * THRUST * dt;
      ny += dmath.sin(a) * THRUST * dt;
    }
    const sq = nx * nx + ny * ny;
    if (sq > maxSq) {
      const k = MAX_SPEED / Math.sqrt(sq);
      nx *= k;
      ny *= k;
    }
    vx[e] = nx;
    vy[e] = ny;
  }
}
