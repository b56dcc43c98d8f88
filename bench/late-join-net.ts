// Bench suite "late-join-net": late join of a 10k-entity Swarm session over loopback, against
// the real reflector process. A first client (its own process) runs the session ~2 s so a
// snapshot has been uploaded; then `Session.join` is timed from the call until it resolves
// (synced: snapshot decoded, events replayed, stepped to the session's time), and a raw JOIN
// measures the JOINED frame on the wire. Wall-clock times. The suite API is synchronous, so the
// run happens in a driver process (bench/load/late-join-driver.ts) that this suite waits for.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { LateJoinDriverReport } from "./load/late-join-driver.ts";
import { lastJsonLine } from "./load/processes.ts";
import { count, exact, makeRow, summarize, type Row, type Suite, type SuiteOptions } from "./harness.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const ROWS = ["late-join-net-10k", "late-join-net-10k-first", "late-join-net-10k-joined", "late-join-net-10k-bytes"] as const;

function runDriver(opts: SuiteOptions): LateJoinDriverReport {
  const args = ["--import", "tsx", "bench/load/late-join-driver.ts"];
  if (opts.quick) args.push("--quick");
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", timeout: 180_000, killSignal: "SIGTERM", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 16 * 1024 * 1024 });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
    throw new Error(`late-join-net driver failed (${why}):\n${(r.stderr ?? "").slice(-4000)}`);
  }
  return lastJsonLine<LateJoinDriverReport>(r.stdout, "late-join-net driver");
}

const wall = (row: Row): Row => ({ ...row, stats: { ...row.stats, clock: "wall" } });

export const lateJoinNetSuite: Suite = {
  id: "late-join-net",
  run(opts) {
    if (!ROWS.some((id) => opts.wants(id))) return [];
    const r = runDriver(opts);
    const size = r.entities === 10_000 ? "10k" : count(r.entities);
    const p = r.probes;
    const snap = summarize(p.map((x) => x.snapshotBytes)).median;
    const age = summarize(p.map((x) => x.snapshotAgeMs)).median;
    const rows: Row[] = [];
    if (opts.wants("late-join-net-10k")) {
      rows.push(wall(makeRow(opts, {
        id: "late-join-net-10k",
        workload: `Session.join of a running ${size}-entity Swarm session over loopback (reflector process, memory storage, snapshot ≤ ~2 s old), call → synced; ${r.joinMs.length} joins after a first one`,
        unit: "ms",
        tandem: summarize(r.joinMs),
        goal: { text: "< 100 ms", met: (t) => t < 100 },
      })));
    }
    if (opts.wants("late-join-net-10k-first")) {
      rows.push(wall(makeRow(opts, {
        id: "late-join-net-10k-first",
        workload: "same, the first join in a fresh process (code not yet optimized, like a page that just loaded)",
        unit: "ms",
        tandem: exact(r.firstJoinMs),
      })));
    }
    if (opts.wants("late-join-net-10k-joined")) {
      rows.push(wall(makeRow(opts, {
        id: "late-join-net-10k-joined",
        workload: "raw WebSocket JOIN sent → whole JOINED frame received (reflector + loopback share of a late join)",
        unit: "ms",
        tandem: summarize(p.map((x) => x.ms)),
      })));
    }
    if (opts.wants("late-join-net-10k-bytes")) {
      rows.push(makeRow(opts, {
        id: "late-join-net-10k-bytes",
        workload: `JOINED frame on the wire: snapshot ${count(Math.round(snap))} B (deflated, ~${Math.round(age)} ms old) + events since + header`,
        unit: "bytes",
        tandem: summarize(p.map((x) => x.frameBytes)),
      }));
    }
    return rows;
  },
};
