// A scripted Swarm session and a headless runner for it: the per-step hashes must be the same
// wherever it runs — in Node and in Chromium (the e2e cross-engine check), and with the
// movement kernel on WebAssembly SIMD or on its JS twin (script.test.ts). Removals punch holes
// in the id range, so both of the kernel's paths (a dense range, chunks of ids) are exercised.
// No pixi, no node:*, no wall clock, no Math.random.
import { createTestSession } from "tandem";
import { agreedHash } from "../shared/agreed-hash.ts";
import { HEIGHT, Swarm, WIDTH } from "./model.ts";

/** A script step is one reflector tick: 50 ms of model time = 3 world steps. */
export const SWARM_STEP_MS = 50;

export interface SwarmRunOptions {
  /** Steps of SWARM_STEP_MS (default 60). */
  steps?: number;
  /** Entities at start (default 5000: more than one kernel id chunk). */
  initial?: number;
}

/** Runs the script with two clients (one joins late, from a snapshot); returns the hash after every step. */
export function runSwarmScript(options: SwarmRunOptions = {}): string[] {
  const steps = options.steps ?? 60;
  const session = createTestSession({ model: Swarm, options: { initial: options.initial ?? 5000 }, sessionId: "swarm-script", tickMs: SWARM_STEP_MS, snapshotIntervalMs: 500 });
  const hashes: string[] = [];
  try {
    const a = session.join();
    for (let step = 0; step < steps; step++) {
      if (step % 4 === 1) a.publish(session.sessionId, "spawn", { x: (step * 37) % WIDTH, y: (step * 53) % HEIGHT, count: 25 });
      if (step % 5 === 3) a.publish(session.sessionId, "remove", 30);
      if (step === Math.floor(steps / 3)) session.join();
      session.advance(SWARM_STEP_MS);
      hashes.push(agreedHash(session, "swarm", step));
    }
    return hashes;
  } finally {
    session.close();
  }
}
