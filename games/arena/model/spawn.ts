// Placing ships: a spawn point is the best of a few random candidates (farthest from every
// living ship), so a respawn rarely lands on top of someone. Uses only the session RNG.
import { dmath, type World } from "tandem";
import { Alive, Angle, Position, Ship, Velocity } from "./components.ts";
import { HEIGHT, INVULNERABLE_STEPS, SHIP_HP, SHIP_RADIUS, WIDTH } from "./constants.ts";

const MARGIN = SHIP_RADIUS * 4;
const CANDIDATES = 6;

/** Picks a free-ish point for a ship; `self` is ignored when measuring distances. */
export function pickSpawnPoint(world: World, self: number): { x: number; y: number } {
  const ships = world.query(Ship, Alive);
  const { x: px, y: py } = world.store(Position);
  let bestX = WIDTH / 2, bestY = HEIGHT / 2, bestD = -1;
  for (let c = 0; c < CANDIDATES; c++) {
    const x = MARGIN + world.random() * (WIDTH - 2 * MARGIN);
    const y = MARGIN + world.random() * (HEIGHT - 2 * MARGIN);
    let nearest = Infinity;
    for (let i = 0; i < ships.length; i++) {
      const e = ships[i]!;
      if (e === self) continue;
      const dx = px[e]! - x, dy = py[e]! - y;
      const d = dx * dx + dy * dy;
      if (d < nearest) nearest = d;
    }
    if (nearest > bestD) { bestD = nearest; bestX = x; bestY = y; }
  }
  return { x: bestX, y: bestY };
}

/** Puts a ship (back) into play: full hp, still, invulnerable, facing the arena centre. */
export function placeShip(world: World, eid: number): void {
  const at = pickSpawnPoint(world, eid);
  const p = world.store(Position), v = world.store(Velocity), s = world.store(Ship);
  p.x[eid] = at.x;
  p.y[eid] = at.y;
  v.x[eid] = 0;
  v.y[eid] = 0;
  // face roughly toward the centre: a quarter-turn grid, no trig needed
  const dx = WIDTH / 2 - at.x, dy = HEIGHT / 2 - at.y;
  world.store(Angle).angle[eid] = Math.abs(dx) > Math.abs(dy) ? (dx > 0 ? 0 : dmath.PI) : (dy > 0 ? dmath.PI / 2 : -dmath.PI / 2);
  s.hp[eid] = SHIP_HP;
  s.cooldown[eid] = 0;
  s.respawn[eid] = 0;
  s.invulnerable[eid] = INVULNERABLE_STEPS;
  world.addComponent(eid, Alive);
}
