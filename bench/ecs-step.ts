// Bench suite "ecs-step": one fixed step of N bouncing entities through the real engine (a
// Swarm model in a Runtime, each step reached by advancing model time, so the future queue,
// the determinism guard and the world schedule are all included) against a bare bitECS 0.4.0
// loop with plain Float32Array stores and the same move + bounce math, measured in the same run.
import { query, type World as EcsWorld } from "bitecs";
import { HEIGHT, WIDTH } from "../games/swarm/model.ts";
import { bitecsSwarm, startSwarm, type Vec2Store } from "./swarm-fixtures.ts";
import { count, makeRow, measure, scaled, statsOf, type Row, type Stats, type Suite, type SuiteOptions } from "./harness.ts";

const DT = 1 / 60;

/** A stepper runs `steps` fixed steps; returns how many ran. */
export interface Stepper {
  step(steps: number): number;
  readonly entities: number;
}

/**
 * A Swarm session core with n entities. Model time advances by `stepsPerAdvance` steps per
 * `advanceTo` call: 1 = every step is its own message (worst case), 3 = one 50 ms reflector tick
 * at 60 steps/s (the default tick).
 */
export function createTandemStepper(n: number, stepsPerAdvance = 1): Stepper {
  const { rt, root } = startSwarm(`bench-ecs-${n}`, n);
  const world = root.world;
  return {
    entities: n,
    step(steps) {
      const before = world.stepCount;
      for (let done = 0; done < steps; done += stepsPerAdvance) {
        rt.advanceTo(world.stepTime(world.stepCount + Math.min(stepsPerAdvance, steps - done)));
      }
      return world.stepCount - before;
    },
  };
}

function bareMove(world: EcsWorld, p: Vec2Store, v: Vec2Store, dt: number): void {
  const ids = query(world, [p, v]);
  const px = p.x, py = p.y, vx = v.x, vy = v.y;
  for (let i = 0; i < ids.length; i++) {
    const e = ids[i]!;
    px[e] = px[e]! + vx[e]! * dt;
    py[e] = py[e]! + vy[e]! * dt;
  }
}

function bareBounce(world: EcsWorld, p: Vec2Store, v: Vec2Store): void {
  const ids = query(world, [p, v]);
  const px = p.x, py = p.y, vx = v.x, vy = v.y;
  for (let i = 0; i < ids.length; i++) {
    const e = ids[i]!;
    if (px[e]! < 0) { px[e] = -px[e]!; vx[e] = -vx[e]!; }
    else if (px[e]! > WIDTH) { px[e] = 2 * WIDTH - px[e]!; vx[e] = -vx[e]!; }
    if (py[e]! < 0) { py[e] = -py[e]!; vy[e] = -vy[e]!; }
    else if (py[e]! > HEIGHT) { py[e] = 2 * HEIGHT - py[e]!; vy[e] = -vy[e]!; }
  }
}

/** The baseline: bitECS createWorld/addEntity/addComponent/query, plain typed-array stores. */
export function createBitecsStepper(n: number): Stepper {
  const { world, position, velocity } = bitecsSwarm(n);
  return {
    entities: n,
    step(steps) {
      for (let i = 0; i < steps; i++) {
        bareMove(world, position, velocity, DT);
        bareBounce(world, position, velocity);
      }
      return steps;
    },
  };
}

/** Steps per sample: enough work (~200k entity-steps) to dwarf the timer, at most 1998, a multiple of 3. */
function stepsPerSample(n: number, quick: boolean): number {
  return quick ? 3 : 3 * Math.min(666, Math.max(1, Math.ceil(200_000 / n / 3)));
}

function measurePair(opts: SuiteOptions, n: number, stepsPerAdvance = 1): { tandem: Stats; bitecs: Stats; steps: number } {
  const steps = stepsPerSample(n, opts.quick);
  const bare = createBitecsStepper(n);
  const engine = createTandemStepper(n, stepsPerAdvance);
  const check = (s: Stepper): (() => void) => () => {
    const ran = s.step(steps);
    if (ran !== steps) throw new Error(`ran ${ran} steps, expected ${steps}`);
  };
  const results = measure(opts, [
    { name: "bitecs", fn: check(bare) },
    { name: "tandem", fn: check(engine) },
  ]);
  return { tandem: statsOf(results, "tandem"), bitecs: statsOf(results, "bitecs"), steps };
}

export const ecsStepSuite: Suite = {
  id: "ecs-step",
  run(opts) {
    const rows: Row[] = [];
    const sizes: [string, number][] = opts.quick ? [["ecs-step-10k", 500], ["ecs-step-100k", 1000]] : [["ecs-step-10k", 10_000], ["ecs-step-100k", 100_000]];
    for (const [id, n] of sizes) {
      if (!opts.wants(id)) continue;
      const { tandem, bitecs, steps } = measurePair(opts, n);
      const toNs = 1e6 / (steps * n); // ms per sample → ns per entity-step
      rows.push(makeRow(opts, {
        id,
        workload: `step ${count(n)} bouncing entities (move + bounce), one advanceTo per step`,
        unit: "ns/entity-step",
        tandem: scaled(tandem, toNs),
        baseline: { name: "bare bitECS 0.4 loop", stats: scaled(bitecs, toNs) },
        goal: { text: "≤ 2× baseline", met: (_t, _b, ratio) => ratio !== null && ratio <= 2 },
      }));
    }
    const fixed: [string, number, string][] = [
      ["ecs-step-fixed", 1, "fixed cost of one step (world with 1 entity), one advanceTo per step"],
      ["ecs-step-fixed-tick", 3, "fixed cost of one step (world with 1 entity), one advanceTo per 50 ms tick (3 steps)"],
    ];
    for (const [id, perAdvance, workload] of fixed) {
      if (!opts.wants(id)) continue;
      const { tandem, bitecs, steps } = measurePair(opts, 1, perAdvance);
      const toUs = 1e3 / steps; // ms per sample → µs per step
      rows.push(makeRow(opts, {
        id,
        workload,
        unit: "µs/step",
        tandem: scaled(tandem, toUs),
        baseline: { name: "bare bitECS 0.4 loop", stats: scaled(bitecs, toUs) },
      }));
    }
    return rows;
  },
};
