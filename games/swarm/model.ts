// Swarm: many bouncing entities on the ECS, with players spawning and removing them.
// The performance showcase and the ECS scenario of the test suite.
import { defineComponent, defineWorld, Model, moveAndBounce2D, type World } from "tandem";

export const Position = defineComponent("Position", { x: "f32", y: "f32" });
export const Velocity = defineComponent("Velocity", { x: "f32", y: "f32" });

export const WIDTH = 1000;
export const HEIGHT = 1000;

export type SwarmInput = { kind: "spawn"; x: number; y: number; count: number } | { kind: "remove"; count: number };

/** Applies queued player inputs: spawns entities with random velocities, removes the oldest ones. */
export function applyInputs(world: World): void {
  for (const input of world.inputs as SwarmInput[]) {
    if (input.kind === "spawn") {
      for (let i = 0; i < input.count; i++) spawnOne(world, input.x, input.y);
    } else {
      const ids = world.query(Position, Velocity);
      const n = Math.min(input.count, ids.length);
      const doomed = ids.slice(0, n); // copy: removing invalidates the cached query
      for (let i = 0; i < n; i++) world.removeEntity(doomed[i]!);
    }
  }
}

export function spawnOne(world: World, x: number, y: number): number {
  const e = world.addEntity(Position, Velocity);
  const p = world.store(Position), v = world.store(Velocity);
  p.x[e] = x;
  p.y[e] = y;
  v.x[e] = (world.random() - 0.5) * 200;
  v.y[e] = (world.random() - 0.5) * 200;
  return e;
}

/**
 * Moves every entity by its velocity and reflects it off the walls: the engine's built-in
 * kernel (tandem's moveAndBounce2D). It runs as WebAssembly SIMD on the world's columns, four
 * entities per instruction, with a JS twin that gives the same bits where SIMD is missing; in
 * f32 throughout, like the stores. (The plain-JS fused loop this replaced cost ≈5–10 ns per
 * entity-step here, what scalar JS can do; see docs/performance.md.)
 */
export function moveAndBounce(world: World, dt: number): void {
  moveAndBounce2D(world, Position, Velocity, dt, WIDTH, HEIGHT);
}

export const SwarmWorld = defineWorld({ name: "swarm", components: [Position, Velocity], systems: [applyInputs, moveAndBounce], stepsPerSecond: 60 });

export interface SwarmOptions {
  /** Entities spawned at start. */
  initial?: number;
}

export class Swarm extends Model {
  declare world: World;

  override init(options?: SwarmOptions) {
    this.world = this.createWorld(SwarmWorld);
    const n = options?.initial ?? 1000;
    for (let i = 0; i < n; i++) spawnOne(this.world, this.random() * WIDTH, this.random() * HEIGHT);
    this.subscribe(this.sessionId, "spawn", this.spawn);
    this.subscribe(this.sessionId, "remove", this.remove);
  }

  spawn(at: { x: number; y: number; count?: number }) {
    this.world.inputs.push({ kind: "spawn", x: at.x, y: at.y, count: Math.min(1000, at.count ?? 1) } satisfies SwarmInput);
  }

  remove(count: number) {
    this.world.inputs.push({ kind: "remove", count } satisfies SwarmInput);
  }
}
Swarm.register("Swarm");
