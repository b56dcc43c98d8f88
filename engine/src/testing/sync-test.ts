// runSyncTest: the GGRS SyncTestSession idea for Tandem (ARCHITECTURE habit 9). One scripted
// input log is played three times through createTestSession: twice plainly, and once where,
// before step `restoreAt`, every client's runtime is encoded to a snapshot and replaced by
// a freshly decoded one. State hashes are compared after every step (between the clients of
// a run, and between the runs); the first difference throws a SyncTestError naming the step.
// Run 2 catches state that leaks between runs (module-level variables, wall clock);
// run 3 catches state the snapshot misses (non-enumerable fields, WeakMap side tables).
import type { Model } from "../model/model.ts";
import { decodeSnapshot, encodeSnapshot, hashRuntime } from "../model/snapshot.ts";
import { createTestSession, type TestSession } from "./test-session.ts";

/** One publish of the script. `scope` defaults to the session id. */
export interface SyncPublish {
  /** Index of the client (in join order) that publishes. */
  client: number;
  scope?: string;
  event: string;
  data?: unknown;
}

/** A publish at a clock time in ms (since the session was created). */
export interface SyncInput extends SyncPublish {
  at: number;
}

/**
 * The script: timed inputs, or a function giving the publishes made at the start of a step.
 * The function must return the same publishes for the same step in every run.
 */
export type SyncScript = readonly SyncInput[] | ((step: number, time: number) => readonly SyncPublish[]);

export interface SyncTestOptions<M extends Model> {
  model: { prototype: M };
  options?: unknown;
  inputs: SyncScript;
  /** Number of steps; each advances the clock by `stepMs`. */
  steps: number;
  stepMs: number;
  /** Run 3 snapshots and restores every client just before this step (0 < restoreAt < steps). */
  restoreAt: number;
  /** Clients joined at time 0 (default 2). */
  clients?: number;
  sessionId?: string;
  tickMs?: number;
  initialSeq?: number;
  snapshotIntervalMs?: number;
}

/** A divergence found by runSyncTest. `step` is the first step whose hashes differ. */
export class SyncTestError extends Error {
  constructor(readonly step: number, readonly time: number, message: string) {
    super(message);
    this.name = "SyncTestError";
  }
}

const RUN_NAMES = ["run 1", "run 2", "run 3 (restored from a snapshot before step %)"];

/** Runs the sync test; returns the state hash after every step (index = step). */
export function runSyncTest<M extends Model>(opts: SyncTestOptions<M>): string[] {
  const { steps, stepMs, restoreAt } = opts;
  if (!(Number.isInteger(steps) && steps > 0)) throw new Error(`runSyncTest: steps must be a positive integer, got ${steps}`);
  if (!(stepMs > 0)) throw new Error(`runSyncTest: stepMs must be > 0, got ${stepMs}`);
  if (!(Number.isInteger(restoreAt) && restoreAt > 0 && restoreAt < steps)) {
    throw new Error(`runSyncTest: restoreAt must be an integer step in (0, ${steps}), got ${restoreAt}`);
  }
  const runs = [0, 1, 2].map((run) => playRun(opts, run));
  for (let step = 0; step < steps; step++) {
    const base = runs[0]![step]!;
    for (let run = 1; run < runs.length; run++) {
      const h = runs[run]![step]!;
      if (h !== base) {
        throw new SyncTestError(step, (step + 1) * stepMs,
          `sync test: state diverged at step ${step} (t=${(step + 1) * stepMs} ms): ${runName(0, restoreAt)} hash ${base}, ${runName(run, restoreAt)} hash ${h}`);
      }
    }
  }
  return runs[0]!;
}

function runName(run: number, restoreAt: number): string {
  return RUN_NAMES[run]!.replace("%", String(restoreAt));
}

/** Plays the script once; run 2 (0-based) restores before `restoreAt`. Returns per-step hashes. */
function playRun<M extends Model>(opts: SyncTestOptions<M>, run: number): string[] {
  const session = createTestSession({
    model: opts.model, options: opts.options, sessionId: opts.sessionId,
    tickMs: opts.tickMs, initialSeq: opts.initialSeq, snapshotIntervalMs: opts.snapshotIntervalMs,
  });
  try {
    const n = opts.clients ?? 2;
    for (let i = 0; i < n; i++) session.join();
    const timed = typeof opts.inputs === "function" ? null : [...opts.inputs].sort((a, b) => a.at - b.at); // stable: ties keep script order
    let next = 0;
    const hashes: string[] = [];
    for (let step = 0; step < opts.steps; step++) {
      if (run === 2 && step === opts.restoreAt) restoreAll(session, step);
      const start = step * opts.stepMs;
      const end = start + opts.stepMs;
      if (timed) {
        // advance to each input's time first, so it is stamped exactly then
        for (; next < timed.length && timed[next]!.at < end; next++) {
          const input = timed[next]!;
          if (input.at > session.now) session.advance(input.at - session.now);
          publish(session, input, step);
        }
      } else {
        for (const p of (opts.inputs as (step: number, time: number) => readonly SyncPublish[])(step, start)) publish(session, p, step);
      }
      session.advance(end - session.now);
      hashes.push(agreedHash(session, run, step, opts.restoreAt, end));
    }
    if (timed && next < timed.length) {
      throw new Error(`sync test: input "${timed[next]!.event}" at ${timed[next]!.at} ms is after the last step (${opts.steps * opts.stepMs} ms)`);
    }
    return hashes;
  } finally {
    session.close();
  }
}

function publish<M extends Model>(session: TestSession<M>, p: SyncPublish, step: number): void {
  const client = session.clients[p.client];
  if (!client) throw new Error(`sync test: step ${step} publishes "${p.event}" from client ${p.client}, but there are ${session.clients.length} clients`);
  client.publish(p.scope ?? session.sessionId, p.event, p.data);
}

/** The hash all clients of a run agree on; a disagreement is reported like a cross-run one. */
function agreedHash<M extends Model>(session: TestSession<M>, run: number, step: number, restoreAt: number, time: number): string {
  const hashes = session.hashes();
  for (let i = 1; i < hashes.length; i++) {
    if (hashes[i] !== hashes[0]) {
      throw new SyncTestError(step, time,
        `sync test: clients diverged at step ${step} (t=${time} ms) in ${runName(run, restoreAt)}: client 0 hash ${hashes[0]}, client ${i} hash ${hashes[i]}`);
    }
  }
  return hashes[0]!;
}

/** Replaces every client's runtime by a decoded copy of its snapshot (the GGRS save/load). */
function restoreAll<M extends Model>(session: TestSession<M>, step: number): void {
  for (const client of session.clients) {
    const before = client.runtime;
    const restored = decodeSnapshot(encodeSnapshot(before));
    // a lossy codec shows up here, before any event runs on the restored state
    const h0 = hashRuntime(before), h1 = hashRuntime(restored);
    if (h0 !== h1) {
      throw new SyncTestError(step, session.now,
        `sync test: snapshot round trip changed the state before step ${step} (t=${session.now} ms): hash ${h0} became ${h1}`);
    }
    client.controller.runtime = restored;
  }
}
