// The collide system on a bare world (no session): ship–ship bounces separate and exchange
// momentum, walls hold ships in, bullets hit others but never their own shooter.
import { describe, expect, it } from "vitest";
import { World } from "tandem";
import { Alive, Angle, ArenaWorld, Bullet, Control, HIT_EVENT, Position, SHIP_HP, SHIP_RADIUS, Ship, Velocity, WIDTH } from "./model.ts";
import { collide } from "./model/physics.ts";

function bareWorld() {
  const published: [string, unknown][] = [];
  const world = new World(1, ArenaWorld, { random: () => 0.5, now: () => 0, publish: (_s, e, d) => void published.push([e, d]), sessionId: "s" }, 0);
  return { world, published };
}

function ship(world: World, owner: number, x: number, y: number, vx = 0, vy = 0): number {
  const e = world.addEntity(Position, Velocity, Angle, Ship, Control, Alive);
  world.addComponent(e, Position, { x, y });
  world.addComponent(e, Velocity, { x: vx, y: vy });
  world.addComponent(e, Ship, { owner, hp: SHIP_HP });
  return e;
}

describe("collide", () => {
  it("bounces two ships apart and swaps their approach speeds", () => {
    const { world } = bareWorld();
    const a = ship(world, 1, 500, 300, 100, 0), b = ship(world, 2, 500 + SHIP_RADIUS, 300, -100, 0);
    collide(world);
    const p = world.store(Position), v = world.store(Velocity);
    expect(p.x[b]! - p.x[a]!).toBeCloseTo(2 * SHIP_RADIUS, 3);
    expect(v.x[a]!).toBeLessThan(0);
    expect(v.x[b]!).toBeGreaterThan(0);
    expect(v.x[a]! + v.x[b]!).toBeCloseTo(0, 4); // momentum kept
  });

  it("holds ships inside the walls, reflecting them", () => {
    const { world } = bareWorld();
    const e = ship(world, 1, WIDTH + 40, 200, 300, 0);
    collide(world);
    expect(world.store(Position).x[e]).toBe(WIDTH - SHIP_RADIUS);
    expect(world.store(Velocity).x[e]).toBeLessThan(0);
  });

  it("lets a bullet hit another ship but not its shooter", () => {
    const { world, published } = bareWorld();
    const mine = ship(world, 1, 200, 200), theirs = ship(world, 2, 400, 200);
    const own = world.addEntity(Position, Velocity, Bullet);
    world.addComponent(own, Position, { x: 200, y: 200 });
    world.addComponent(own, Bullet, { owner: 1, ttl: 10 });
    const shot = world.addEntity(Position, Velocity, Bullet);
    world.addComponent(shot, Position, { x: 395, y: 200 });
    world.addComponent(shot, Bullet, { owner: 1, ttl: 10 });
    collide(world);
    expect(world.exists(own)).toBe(true);
    expect(world.exists(shot)).toBe(false);
    expect(world.store(Ship).hp[mine]).toBe(SHIP_HP);
    expect(world.store(Ship).hp[theirs]).toBe(SHIP_HP - 1);
    expect(published).toEqual([[HIT_EVENT, expect.objectContaining({ shooter: 1, target: 2, killed: false })]]);
  });
});
