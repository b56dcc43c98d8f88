// A deterministic scripted input log for the arena and a headless runner for it. The same
// script run here (Node) and in headless Chromium must give the same hash after every step:
// that is the cross-engine determinism check. No pixi, no node:*, no wall clock, no
// Math.random: the script comes from a seeded integer PRNG and is plain data.
import { createTestSession, type TestClient } from "tandem";
import { agreedHash } from "../shared/agreed-hash.ts";
import { Arena } from "./model.ts";
import { HEIGHT, INPUT_EVENT, WIDTH } from "./model/constants.ts";

/** One scripted action. `event` "@join" / "@leave" (no data) join or remove script client `client`. */
export interface ArenaScriptEntry {
  /** Clock time in ms since the session was created (a multiple of SCRIPT_STEP_MS). */
  at: number;
  /** Script client number (stable: not shifted by others leaving). */
  client: number;
  event: string;
  /** For "input": the control state without viewId (the runner adds the client's viewId). */
  data?: { thrust: number; turn: number; fire: number; aimX?: number; aimY?: number };
}

/** A script step is one reflector tick: 50 ms of model time = 3 world steps. */
export const SCRIPT_STEP_MS = 50;
export const SCRIPT_CLIENTS = 4;

/** mulberry32: 32-bit integer ops only (Math.imul, shifts), identical in every engine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The script for `seedSteps` steps of SCRIPT_STEP_MS: clients 0–2 join at 0, client 3 joins
 * at 40 % (a late joiner), client 1 leaves at 75 %; every step each present client changes
 * its control state with probability 0.35 (keyboard or pointer style, integer aim points).
 */
export function arenaScript(seedSteps = 400, seed = 0x5eed): ArenaScriptEntry[] {
  const rand = prng(seed);
  const int = (n: number): number => Math.floor(rand() * n);
  const out: ArenaScriptEntry[] = [];
  const present = [true, true, true, false];
  const lateJoin = Math.floor(seedSteps * 0.4), leave = Math.floor(seedSteps * 0.75);
  for (let c = 0; c < 3; c++) out.push({ at: 0, client: c, event: "@join" });
  for (let step = 0; step < seedSteps; step++) {
    const at = step * SCRIPT_STEP_MS;
    if (step === lateJoin) { present[3] = true; out.push({ at, client: 3, event: "@join" }); }
    if (step === leave) { present[1] = false; out.push({ at, client: 1, event: "@leave" }); }
    for (let c = 0; c < SCRIPT_CLIENTS; c++) {
      if (!present[c] || rand() >= 0.35) continue;
      const data: NonNullable<ArenaScriptEntry["data"]> = { thrust: int(3) === 0 ? 0 : 1, turn: int(3) - 1, fire: int(2) };
      if (int(2) === 0) { data.turn = 0; data.aimX = int(WIDTH + 1); data.aimY = int(HEIGHT + 1); }
      out.push({ at, client: c, event: INPUT_EVENT, data });
    }
  }
  return out;
}

export interface ArenaRunOptions {
  steps?: number;
  seed?: number;
  /** Snapshot interval of the in-memory reflector (the late joiner loads the latest one). */
  snapshotIntervalMs?: number;
}

/**
 * Runs arenaScript headlessly through createTestSession and returns the state hash after
 * every step (index = step). Throws if connected clients ever disagree.
 */
export function runArenaScript(options: ArenaRunOptions = {}): string[] {
  const steps = options.steps ?? 400;
  const script = arenaScript(steps, options.seed);
  const session = createTestSession({ model: Arena, sessionId: "arena-script", tickMs: SCRIPT_STEP_MS, snapshotIntervalMs: options.snapshotIntervalMs ?? 1000 });
  const clients: (TestClient<Arena> | undefined)[] = [];
  const hashes: string[] = [];
  let next = 0;
  try {
    for (let step = 0; step < steps; step++) {
      const end = (step + 1) * SCRIPT_STEP_MS;
      for (; next < script.length && script[next]!.at < end; next++) {
        const e = script[next]!;
        if (e.at > session.now) session.advance(e.at - session.now);
        if (e.event === "@join") clients[e.client] = session.join();
        else if (e.event === "@leave") { clients[e.client]?.leave(); clients[e.client] = undefined; }
        else clients[e.client]?.publish(session.sessionId, e.event, { ...e.data, viewId: clients[e.client]!.viewId });
      }
      session.advance(end - session.now);
      hashes.push(agreedHash(session, "arena", step));
    }
    return hashes;
  } finally {
    session.close();
  }
}
