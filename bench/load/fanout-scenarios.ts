// The fan-out bench's scenarios and run lengths, shared by the suite (bench/fanout.ts) and the
// driver process (fanout-driver.ts).

export interface FanoutScenario {
  /** Row id prefix: fanout-<id>-… */
  id: string;
  sessions: number;
  clients: number;
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
  { id: "2", sessions: 1, clients: 2 },
  { id: "8", sessions: 1, clients: 8 },
  { id: "32", sessions: 1, clients: 32 },
  { id: "128", sessions: 1, clients: 128 },
  { id: "100x4", sessions: 100, clients: 4 },
];

/** Quick mode proves the scripts work: two small scenarios (the 100 × 4 row runs 10 × 4), 1 s windows. */
const QUICK: FanoutScenario[] = [
  { id: "8", sessions: 1, clients: 8 },
  { id: "100x4", sessions: 10, clients: 4 },
];

export function fanoutPlan(quick: boolean): FanoutPlan {
  return quick
    ? { scenarios: QUICK, rounds: 1, warmupMs: 300, windowMs: 1000, drainMs: 300 }
    : { scenarios: FULL, rounds: 3, warmupMs: 1000, windowMs: 5000, drainMs: 1000 };
}

/** Reflector CLI flags: memory storage, rate limits far above 60 events/s, room for 128 clients. */
export const REFLECTOR_FLAGS = ["--host", "127.0.0.1", "--port", "0", "--storage", "memory", "--events-per-second", "1000", "--event-burst", "1000", "--max-clients", "256"];
