// The fan-out bench's scenarios and run lengths, shared by the suite (bench/fanout.ts) and the
// driver process (fanout-driver.ts).

/**
 * When clients send within each 1/60 s period: "spread" (phases evenly spaced, so events reach
 * the reflector one by one: the worst case for batching) or "aligned" (every client's sends on
 * one 60 Hz clock, so a period's events arrive together: the set-up the reference
 * numbers for coalescing relays were measured with).
 */
export type Phases = "spread" | "aligned";

export interface FanoutScenario {
  /** Row id prefix: fanout-<id>-… */
  id: string;
  sessions: number;
  clients: number;
  phases: Phases;
}

export interface FanoutPlan {
  scenarios: FanoutScenario[];
  /** Rounds per scenario; each round runs Tandem and the baseline once (order alternating). */
  rounds: number;
  warmupMs: number;
  windowMs: number;
  drainMs: number;
}

/** Events per second each client sends. */
export const RATE = 60;

const FULL: FanoutScenario[] = [
  { id: "2", sessions: 1, clients: 2, phases: "spread" },
  { id: "8", sessions: 1, clients: 8, phases: "spread" },
  { id: "32", sessions: 1, clients: 32, phases: "spread" },
  { id: "64", sessions: 1, clients: 64, phases: "spread" },
  { id: "128", sessions: 1, clients: 128, phases: "spread" },
  { id: "100x4", sessions: 100, clients: 4, phases: "spread" },
  { id: "8-aligned", sessions: 1, clients: 8, phases: "aligned" },
  { id: "32-aligned", sessions: 1, clients: 32, phases: "aligned" },
  { id: "64-aligned", sessions: 1, clients: 64, phases: "aligned" },
  { id: "128-aligned", sessions: 1, clients: 128, phases: "aligned" },
];

/** Quick mode proves the scripts work: small scenarios of both kinds (the 100 × 4 row runs 10 × 4), 1 s windows. */
const QUICK: FanoutScenario[] = [
  { id: "8", sessions: 1, clients: 8, phases: "spread" },
  { id: "100x4", sessions: 10, clients: 4, phases: "spread" },
  { id: "8-aligned", sessions: 1, clients: 8, phases: "aligned" },
];

export function fanoutPlan(quick: boolean): FanoutPlan {
  return quick
    ? { scenarios: QUICK, rounds: 1, warmupMs: 300, windowMs: 1000, drainMs: 300 }
    : { scenarios: FULL, rounds: 2, warmupMs: 500, windowMs: 3000, drainMs: 1000 };
}

/**
 * Reflector CLI flags: memory storage, rate limits far above 60 events/s, room for 128 clients,
 * and no per-address limits (one generator process stands in for hundreds of hosts).
 */
export const REFLECTOR_FLAGS = [
  "--host", "127.0.0.1", "--port", "0", "--storage", "memory", "--events-per-second", "1000", "--event-burst", "1000", "--max-clients", "256",
  "--max-connections-per-address", "0", "--connects-per-second-per-address", "0",
];
