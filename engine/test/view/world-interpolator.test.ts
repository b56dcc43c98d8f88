// WorldInterpolator on a real ECS world: recording steps, entities entering and leaving,
// and drawn positions that stay between recorded states.
import { describe, expect, it } from "vitest";
import { defineComponent } from "../../src/model/component.ts";
import { World, defineWorld, type WorldHost } from "../../src/model/world.ts";
import { createWorldInterpolator } from "../../src/view/world-interpolator.ts";

const Pos = defineComponent("ViewTestPos", { x: "f32", y: "f32" });
const Vel = defineComponent("ViewTestVel", { x: "f32", y: "f32" });
const Heading = defineComponent("ViewTestHeading", { angle: "f64" });
const Tag = defineComponent("ViewTestTag", {});

function moveSystem(world: World, dt: number): void {
  const ids = world.query(Pos, Vel);
  const p = world.store(Pos), v = world.store(Vel);
  for (let i = 0; i < ids.length; i++) {
    const e = ids[i]!;
    p.x[e] = p.x[e]! + v.x[e]! * dt;
    p.y[e] = p.y[e]! + v.y[e]! * dt;
  }
}

const schema = defineWorld({ name: "view-interp-test", components: [Pos, Vel, Heading, Tag], systems: [moveSystem], stepsPerSecond: 60 });

function setup() {
  let time = 0;
  const host: WorldHost = { random: () => 0.5, now: () => time, publish: () => {}, sessionId: "s" };
  const world = new World(1, schema, host, 0);
  /** Runs the steps due up to model time t, as the runtime would when a tick arrives. */
  const advance = (t: number) => {
    time = t;
    while (world.stepTime(world.stepCount + 1) <= t) world.step();
  };
  return { world, advance };
}

describe("WorldInterpolator", () => {
  it("draws a moving entity smoothly between recorded steps, never past the newest", () => {
    const { world, advance } = setup();
    const e = world.addEntity(Pos, Vel);
    world.store(Vel).x[e] = 600; // 10 units per step
    const interp = createWorldInterpolator(world, { position: Pos, delay: "auto" });
    let prevX = -Infinity, frames = 0;
    for (let now = 0; now < 3000; now += 1000 / 60) {
      advance(Math.floor(now / 50) * 50); // a tick every 50 ms
      const f = interp.update(now);
      expect(f.count).toBe(1);
      const x = f.x[0]!;
      expect(x).toBeGreaterThanOrEqual(prevX - 1e-3);
      expect(x).toBeLessThanOrEqual(world.store(Pos).x[e]! + 1e-3);
      if (now > 1000) {
        // after warm-up every frame moves, about one step's distance at 60 fps
        expect(x - prevX).toBeGreaterThan(5);
        expect(x - prevX).toBeLessThan(15);
        frames++;
      }
      prevX = x;
    }
    expect(frames).toBeGreaterThan(100);
  });

  it("reports entities entering and leaving, and draws newcomers where they are", () => {
    const { world, advance } = setup();
    const a = world.addEntity(Pos);
    const entered: number[] = [], exited: number[] = [];
    const interp = createWorldInterpolator(world, { position: Pos, onEnter: (e) => entered.push(e), onExit: (e) => exited.push(e) });
    let f = interp.update(0);
    expect(entered).toEqual([a]);
    expect(f.structureChanged).toBe(true);

    advance(100);
    interp.update(100);
    const b = world.addEntity(Pos);
    world.store(Pos).x[b] = 500;
    world.store(Pos).y[b] = 250;
    advance(150);
    f = interp.update(150);
    expect(entered).toEqual([a, b]);
    expect(f.structureChanged).toBe(true);
    expect([...f.ids]).toEqual([a, b]);
    expect([f.x[1], f.y[1]]).toEqual([500, 250]); // not sliding in from (0, 0)

    world.removeEntity(a);
    f = interp.update(160);
    expect(exited).toEqual([a]);
    expect([...f.ids.slice(0, f.count)]).toEqual([b]);
    expect(f.x[0]).toBe(500);
  });

  it("ignores structural changes that do not touch its query", () => {
    const { world } = setup();
    world.addEntity(Pos);
    const other = world.addEntity(Vel);
    const interp = createWorldInterpolator(world, { position: Pos });
    interp.update(0);
    world.addComponent(other, Tag);
    const f = interp.update(16);
    expect(f.structureChanged).toBe(false);
  });

  it("filters with `with` and skips work on frames where nothing changed", () => {
    const { world } = setup();
    world.addEntity(Pos);
    const moving = world.addEntity(Pos, Vel);
    const interp = createWorldInterpolator(world, { position: Pos, with: [Vel], delay: 0 });
    let f = interp.update(0);
    expect([...f.ids]).toEqual([moving]);
    expect(f.moved).toBe(true);
    f = interp.update(16);
    expect(f.moved).toBe(false);
  });

  it("interpolates a rotation field along the shorter arc", () => {
    const { world, advance } = setup();
    const e = world.addEntity(Pos, Heading);
    world.store(Heading).angle[e] = Math.PI - 0.1;
    const interp = createWorldInterpolator(world, { position: Pos, rotation: Heading, delay: 1000 / 60 });
    interp.update(0);
    world.store(Heading).angle[e] = -Math.PI + 0.1;
    advance(1000 / 60);
    const f = interp.update(1000 / 60 + 1000 / 120); // halfway between the two steps
    expect(Math.abs(f.rotation![0]!)).toBeGreaterThan(Math.PI - 0.1);
  });

  it("keeps up when the world's stores grow", () => {
    const { world, advance } = setup();
    const interp = createWorldInterpolator(world, { position: Pos, delay: 0 });
    interp.update(0);
    for (let i = 0; i < 3000; i++) {
      const e = world.addEntity(Pos);
      world.store(Pos).x[e] = i;
    }
    advance(20);
    const f = interp.update(20);
    expect(f.count).toBe(3000);
    expect(f.x[2999]).toBe(2999);
  });

  it("names the problem when fields are missing", () => {
    const { world } = setup();
    expect(() => createWorldInterpolator(world, { position: Heading })).toThrow(/no field "x".*pass \{ component, x/);
    expect(() => createWorldInterpolator(world, { position: Pos, rotation: Vel })).toThrow(/no field "angle"/);
    expect(() => createWorldInterpolator(world, { position: { component: Vel }, rotation: { component: Pos, field: "x" } })).not.toThrow();
  });
});
