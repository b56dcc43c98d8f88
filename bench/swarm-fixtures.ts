// The Swarm workload the benches share: Tandem's Swarm game model started with n entities, and
// the same bouncing entities as a bitECS world with plain typed-array stores (the baseline).
import { addComponent, addEntity, createWorld, type World as EcsWorld } from "bitecs";
import { Runtime } from "tandem";
import { HEIGHT, Swarm, WIDTH } from "../games/swarm/model.ts";
import { seededRandom } from "./seeded-random.ts";

/** A started Swarm runtime with n entities (checked). */
export function startSwarm(name: string, n: number): { rt: Runtime; root: Swarm } {
  const rt = new Runtime(name);
  const root = rt.start(Swarm, { initial: n }) as Swarm;
  if (root.world.entityCount !== n) throw new Error(`Swarm started with ${root.world.entityCount} entities, expected ${n}`);
  return { rt, root };
}

export interface Vec2Store {
  x: Float32Array;
  y: Float32Array;
}

/** Empty Position + Velocity stores for bitECS ids below `cap`. */
export function bitecsStores(cap: number): [Vec2Store, Vec2Store] {
  return [
    { x: new Float32Array(cap), y: new Float32Array(cap) },
    { x: new Float32Array(cap), y: new Float32Array(cap) },
  ];
}

/** A bitECS world of n entities with Position + Velocity, seeded like every baseline. */
export function bitecsSwarm(n: number): { world: EcsWorld; position: Vec2Store; velocity: Vec2Store } {
  const world = createWorld();
  const [position, velocity] = bitecsStores(n + 1); // bitECS ids start at 1
  const random = seededRandom(n);
  for (let i = 0; i < n; i++) {
    const e = addEntity(world);
    addComponent(world, e, position);
    addComponent(world, e, velocity);
    position.x[e] = random() * WIDTH;
    position.y[e] = random() * HEIGHT;
    velocity.x[e] = (random() - 0.5) * 200;
    velocity.y[e] = (random() - 0.5) * 200;
  }
  return { world, position, velocity };
}
