// Bench suite "late-join": a second client joins a running N-entity Swarm session through the
// in-memory reflector (createTestSession: the real sequencer and controller). Timed: `join()`
// (sequencer join, snapshot decode, replay of the events and steps after the snapshot) plus the
// joiner's state hash; afterwards (untimed) the first client catches up and both hashes must agree.
import { createTestSession, type TestClient, type TestSession } from "tandem";
import { Swarm } from "../games/swarm/model.ts";
import { count, makeRow, measure, statsOf, type Row, type Stats, type Suite, type SuiteOptions } from "./harness.ts";

export interface LateJoinScenario {
  entities: number;
  /** Session time at which the first client takes the snapshot the joiner starts from. */
  snapshotAtMs: number;
  /** Session time of the late join (the joiner replays from the snapshot to here). */
  joinAtMs: number;
}

/** Builds the session up to the moment of the late join: one client, a snapshot stored. */
export function prepareLateJoin(sc: LateJoinScenario): { session: TestSession<Swarm>; first: TestClient<Swarm> } {
  const session = createTestSession({ model: Swarm, options: { initial: sc.entities }, snapshotIntervalMs: sc.snapshotAtMs, sessionId: "bench-late-join" });
  const first = session.join();
  session.advance(sc.snapshotAtMs);
  const snap = session.sequencer.state.snapshot;
  if (!snap || snap.time !== sc.snapshotAtMs) throw new Error(`expected a snapshot at ${sc.snapshotAtMs} ms, got ${snap ? snap.time : "none"}`);
  session.advance(sc.joinAtMs - sc.snapshotAtMs);
  return { session, first };
}

/** The timed part: join and hash. */
export function lateJoin(session: TestSession<Swarm>): { client: TestClient<Swarm>; hash: string } {
  const client = session.join();
  return { client, hash: client.hash() };
}

/** Untimed check that the joiner is in sync with the first client. */
export function checkInSync(session: TestSession<Swarm>, first: TestClient<Swarm>, joined: { client: TestClient<Swarm>; hash: string }): void {
  session.advance(0); // the first client applies the joiner's view-join
  const a = first.hash();
  if (a !== joined.hash || joined.client.hash() !== a) throw new Error(`late joiner out of sync: ${joined.hash} vs ${a}`);
  if (joined.client.model.world.entityCount !== first.model.world.entityCount) throw new Error("late joiner has another entity count");
}

export const lateJoinSuite: Suite = {
  id: "late-join",
  run(opts) {
    const n = opts.quick ? 500 : 10_000;
    const size = opts.quick ? count(n) : "10k";
    const rows: Row[] = [];
    if (opts.wants("late-join-10k")) {
      const sc = { entities: n, snapshotAtMs: 1000, joinAtMs: 1500 };
      rows.push(makeRow(opts, {
        id: "late-join-10k",
        workload: `join a ${size}-entity session, snapshot 0.5 s old (30 steps to replay), incl. hash`,
        unit: "ms",
        tandem: measureJoin(opts, sc, 20),
        goal: { text: "< 100 ms", met: (t) => t < 100 },
      }));
    }
    if (opts.wants("late-join-10k-stale")) {
      const sc = { entities: n, snapshotAtMs: 30_000, joinAtMs: 59_950 };
      rows.push(makeRow(opts, {
        id: "late-join-10k-stale",
        workload: `same, snapshot 29.95 s old (worst case at the default 30 s snapshot interval: 1797 steps)`,
        unit: "ms",
        tandem: measureJoin(opts, sc, 5),
      }));
    }
    return rows;
  },
};

/**
 * Times join + hash only: tinybench would time the whole task function, so the task reports
 * its own duration (`overriddenDuration`) and the sync check after it does not count.
 * Every sample gets a freshly prepared session (untimed `beforeEach`).
 */
function measureJoin(opts: SuiteOptions, sc: LateJoinScenario, iterations: number): Stats {
  let prepared: ReturnType<typeof prepareLateJoin> | null = null;
  const results = measure(opts, [{
    name: "late join",
    beforeEach: () => {
      prepared = prepareLateJoin(sc);
    },
    fn: () => {
      const p = prepared;
      if (!p) throw new Error("late join was not prepared");
      prepared = null;
      const t0 = opts.now();
      const joined = lateJoin(p.session);
      const ms = opts.now() - t0;
      checkInSync(p.session, p.first, joined);
      return { overriddenDuration: ms };
    },
  }], { iterations, timeMs: 0, warmupIterations: 2, warmupTimeMs: 0, rounds: 1 });
  return statsOf(results, "late join");
}
