// `npm run bench`: runs every bench suite, prints one table and writes the rows as JSON
// (default bench/results/latest.json). Flags: --quick (each task once at a small size; CI uses
// it to prove the scripts work), --only <id> (a suite id like "snapshot" or a row id like
// "ecs-step-10k"), --out <path> (where the JSON goes), --wall (time with performance.now instead
// of this process's CPU time, the default because the bench machines are shared).
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ecsStepSuite } from "./ecs-step.ts";
import { fanoutSuite } from "./fanout.ts";
import { futuresSuite } from "./futures.ts";
import { writeCharts } from "./charts.ts";
import { clockFn, type Clock, type Row, type Stats, type Suite, type SuiteOptions } from "./harness.ts";
import { lateJoinSuite } from "./late-join.ts";
import { lateJoinNetSuite } from "./late-join-net.ts";
import { renderSuite } from "./render/run.ts";
import { snapshotSuite } from "./snapshot.ts";
import { vsCroquetSuite } from "./vs-croquet.ts";

export const suites: readonly Suite[] = [ecsStepSuite, snapshotSuite, lateJoinSuite, futuresSuite, fanoutSuite, lateJoinNetSuite, vsCroquetSuite, renderSuite];

/** Suites that start processes and measure over loopback (slow: bench.test.ts leaves them out). */
// vs-croquet starts child processes too (its own quick test: bench/vs-croquet.test.ts)
export const networkSuiteIds: readonly string[] = [fanoutSuite.id, lateJoinNetSuite.id, vsCroquetSuite.id, renderSuite.id]; // render: a browser + dev server

export const defaultOutPath = fileURLToPath(new URL("./results/latest.json", import.meta.url));

export interface BenchOptions {
  quick?: boolean;
  /** A suite id or a row id (row ids start with their suite id). */
  only?: string;
  /** Where to write the JSON rows (default bench/results/latest.json). */
  out?: string;
  /** "cpu" (default: CPU time, robust when other processes compete for the CPU) or "wall". */
  clock?: Clock;
  /** Where the progress lines and the table go (default console.log). */
  log?: (line: string) => void;
  /** Suite ids to leave out. */
  skip?: readonly string[];
}

export interface BenchReport {
  rows: Row[];
  out: string;
}

/** Runs the selected suites, prints the table, writes the JSON. */
export function runBench(options: BenchOptions = {}): BenchReport {
  const log = options.log ?? ((line: string) => console.log(line));
  const only = options.only;
  const pool = suites.filter((s) => !options.skip?.includes(s.id));
  const selected = only === undefined ? pool : pool.filter((s) => only === s.id || only.startsWith(`${s.id}-`));
  if (selected.length === 0) throw new Error(`--only ${only}: no suite matches (suites: ${suites.map((s) => s.id).join(", ")})`);
  const clock = options.clock ?? "cpu";
  const opts: SuiteOptions = {
    quick: options.quick ?? false,
    clock,
    now: clockFn(clock),
    wants: (rowId) => only === undefined || only === rowId || selected.some((s) => s.id === only),
  };
  log(machineLine());
  log(clock === "cpu" ? "clock: CPU time of this process (--wall for wall-clock time)" : "clock: wall time (performance.now)");
  const rows: Row[] = [];
  for (const suite of selected) {
    log(`running ${suite.id}${opts.quick ? " (quick)" : ""}…`);
    const t0 = performance.now();
    // per suite, so `--only late-join` does not pull in the rows of "late-join-net" (or the reverse)
    rows.push(...suite.run({ ...opts, wants: (rowId) => only === undefined || only === rowId || only === suite.id }));
    log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (rows.length === 0) throw new Error(`--only ${only}: no row with that id`);
  log(machineLine());
  log("");
  log(formatTable(rows, opts.quick));
  const out = resolve(options.out ?? defaultOutPath);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
  log(`\nwrote ${out}`);
  // charts for docs/performance.md, only from full-size runs that have the rows they need
  if (!opts.quick && options.out === undefined) {
    for (const f of writeCharts(rows, fileURLToPath(new URL("../docs/images", import.meta.url)))) log(`wrote ${f}`);
  }
  return { rows, out };
}

/** Node version, CPU, load: medians on a busy machine are noisy (ratios less so: rounds interleave). */
function machineLine(): string {
  const n = availableParallelism();
  const [l1, l5] = loadavg();
  const busy = l1! >= n ? ` — BUSY (load ≥ ${n} CPUs): expect noise (CPU time helps, cache and SMT contention remain)` : "";
  return `node ${process.version}, ${n} × ${cpus()[0]?.model.trim() ?? "cpu"}, load ${l1!.toFixed(1)} / ${l5!.toFixed(1)} (1 / 5 min)${busy}`;
}

function num(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

function spread(s: Stats | null): string {
  return s ? `${num(s.median)} (${num(s.min)}–${num(s.max)})` : "—";
}

/** A plain-text table: median (min–max) for Tandem and the baseline. */
export function formatTable(rows: readonly Row[], quick = false): string {
  const header = ["id", "unit", "tandem median (min–max)", "baseline median (min–max)", "ratio", "goal", "pass"];
  const body = rows.map((r) => [
    r.id,
    r.unit,
    spread(r.stats.tandem),
    spread(r.stats.baseline),
    r.ratio === null ? "—" : `${r.ratio.toFixed(2)}×`,
    r.goal ?? "—",
    r.pass === null ? (r.goal && quick ? "(quick)" : "—") : r.pass ? "PASS" : "FAIL",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)];
  out.push("", "workloads / baselines:");
  for (const r of rows) out.push(`  ${r.id}: ${r.workload}${r.baselineName ? ` — baseline: ${r.baselineName}` : ""}`);
  out.push("ratio = Tandem cost ÷ baseline cost (for rates: baseline ÷ Tandem); > 1 means Tandem is slower.");
  return out.join("\n");
}

export function parseArgs(argv: readonly string[]): BenchOptions {
  const opts: BenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--quick") opts.quick = true;
    else if (a === "--wall") opts.clock = "wall";
    else if (a === "--cpu") opts.clock = "cpu";
    else if (a === "--only" || a === "--out") {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value`);
      if (a === "--only") opts.only = v;
      else opts.out = v;
    } else if (a.startsWith("--only=")) opts.only = a.slice(7);
    else if (a.startsWith("--out=")) opts.out = a.slice(6);
    else throw new Error(`unknown argument ${a} (use --quick, --only <id>, --out <path>, --wall)`);
  }
  return opts;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  try {
    runBench(parseArgs(process.argv.slice(2)));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  }
}
