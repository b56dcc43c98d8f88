// Lifecycle systems: bullets ages old shots (dropping expired ones and those that left the
// arena) and fires new ones from ships holding fire;
// respawn counts down cooldowns, invulnerability and the wait of destroyed ships.
import { dmath, type World } from "tandem";
import { Alive, Angle, Bullet, Control, Position, Ship, Velocity } from "./components.ts";
import { BULLET_SPEED, BULLET_TTL, FIRE_COOLDOWN, HEIGHT, SHIP_RADIUS, WIDTH } from "./constants.ts";
import { placeShip } from "./spawn.ts";

/** Scratch list of ships firing this step (module-level but emptied every call: no state leaks). */
const shooters: number[] = [];

export function bullets(world: World): void {
  // age first, so a bullet fired this step lives its full BULLET_TTL steps
  const live = world.query(Bullet);
  const ttl = world.store(Bullet).ttl;
  for (let i = 0; i < live.length; i++) {
    const e = live[i]!;
    const left = ttl[e]! - 1;
    // the cached query array stays valid while we remove: it is rebuilt on the next query
    if (left <= 0) world.removeEntity(e);
    else ttl[e] = left;
  }
  const { x: px, y: py } = world.store(Position);
  const rest = world.query(Bullet);
  for (let i = 0; i < rest.length; i++) {
    const e = rest[i]!;
    const x = px[e]!, y = py[e]!;
    if (x < 0 || x > WIDTH || y < 0 || y > HEIGHT) world.removeEntity(e);
  }

  const ships = world.query(Ship, Control, Alive);
  const s = world.store(Ship), fire = world.store(Control).fire;
  shooters.length = 0;
  for (let i = 0; i < ships.length; i++) {
    const e = ships[i]!;
    if (fire[e] === 1 && s.cooldown[e] === 0) shooters.push(e);
  }
  // spawn in a second pass: adding entities may grow (replace) the store arrays read above
  for (const e of shooters) fireFrom(world, e);
  shooters.length = 0;
}

function fireFrom(world: World, ship: number): void {
  const p = world.store(Position), v = world.store(Velocity), sh = world.store(Ship);
  const a = world.store(Angle).angle[ship]!;
  const cos = dmath.cos(a), sin = dmath.sin(a);
  const nose = SHIP_RADIUS + 4;
  const x = p.x[ship]! + cos * nose, y = p.y[ship]! + sin * nose;
  const bvx = v.x[ship]! + cos * BULLET_SPEED, bvy = v.y[ship]! + sin * BULLET_SPEED;
  const owner = sh.owner[ship]!;
  sh.cooldown[ship] = FIRE_COOLDOWN;
  const b = world.addEntity(Position, Velocity, Bullet);
  // store objects stay valid when they grow, but their field arrays are replaced: index afresh
  p.x[b] = x;
  p.y[b] = y;
  v.x[b] = bvx;
  v.y[b] = bvy;
  const bl = world.store(Bullet);
  bl.ttl[b] = BULLET_TTL;
  bl.owner[b] = owner;
}

export function respawn(world: World): void {
  const ships = world.query(Ship);
  const s = world.store(Ship);
  const due: number[] = [];
  for (let i = 0; i < ships.length; i++) {
    const e = ships[i]!;
    if (s.cooldown[e]! > 0) s.cooldown[e] = s.cooldown[e]! - 1;
    if (s.invulnerable[e]! > 0) s.invulnerable[e] = s.invulnerable[e]! - 1;
    if (s.respawn[e]! > 0) {
      s.respawn[e] = s.respawn[e]! - 1;
      if (s.respawn[e] === 0) due.push(e);
    }
  }
  for (const e of due) placeShip(world, e);
}
