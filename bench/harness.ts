// Shared bench plumbing: the result row every suite returns, the options a suite gets, and
// tinybench measurement reduced to min / median / max per sample (in ms per task call).
import { Bench } from "tinybench";

/** min / median / max of the samples, already converted to the row's unit. */
export interface Stats {
  min: number;
  median: number;
  max: number;
  samples: number;
}

/** One line of the table and of `bench/results/latest.json`. */
export interface Row {
  id: string;
  workload: string;
  unit: string;
  /** Tandem's median, in `unit`. */
  tandem: number;
  /** The baseline's median in `unit`, or null when the row has no baseline. */
  baseline: number | null;
  baselineName: string | null;
  /** Cost of Tandem relative to the baseline: > 1 means Tandem is slower / bigger (for rates: baseline ÷ tandem). */
  ratio: number | null;
  /** Human-readable goal, or null for an informational row. */
  goal: string | null;
  /** Whether the goal is met; null without a goal and in quick mode (sizes too small to judge). */
  pass: boolean | null;
  /** The full min / median / max behind `tandem` and `baseline`, and the clock they were read with. */
  stats: { clock: Clock; tandem: Stats; baseline: Stats | null };
}

/** "cpu": CPU time of this process (robust on a shared, busy machine); "wall": performance.now(). */
export type Clock = "cpu" | "wall";

/** ms of CPU time (user + system) of this process; µs resolution. */
export function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function clockFn(clock: Clock): () => number {
  return clock === "cpu" ? cpuNow : () => performance.now();
}

export interface SuiteOptions {
  /** Each task once, at a small size: proves the scripts work, measures nothing. */
  quick: boolean;
  /** What the samples measure; `now` reads it in ms (for tasks that time themselves). */
  clock: Clock;
  now: () => number;
  /** Whether a row with this id was asked for (`--only`); suites skip work nobody wants. */
  wants(rowId: string): boolean;
}

export interface Suite {
  readonly id: string;
  run(opts: SuiteOptions): Row[];
}

export interface TaskSpec {
  name: string;
  /** The timed work; must be synchronous. May return `{ overriddenDuration: ms }` to report its own time. */
  fn: () => unknown;
  /** Untimed preparation before every call of `fn`. */
  beforeEach?: () => void;
}

export interface Budget {
  /** Total time budget per task in ms, over all rounds (default 1000). */
  timeMs?: number;
  /** Minimum number of samples per task, over all rounds (default 64). */
  iterations?: number;
  /** Warmup (first round only). */
  warmupIterations?: number;
  warmupTimeMs?: number;
  /**
   * The tasks run in this many alternating rounds (order reversed every other round) and the
   * samples are pooled, so a baseline and Tandem see the same machine load (default 4).
   */
  rounds?: number;
}

/** Runs the tasks with tinybench in interleaved rounds; returns ms per call for each. */
export function measure(opts: SuiteOptions, tasks: readonly TaskSpec[], budget: Budget = {}): Map<string, Stats> {
  const rounds = opts.quick ? 1 : Math.max(1, budget.rounds ?? 4);
  const pooled = new Map<string, number[]>(tasks.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = opts.quick
      ? new Bench({ iterations: 1, time: 0, warmup: false, throws: true, retainSamples: true, now: opts.now })
      : new Bench({
          now: opts.now,
          iterations: Math.max(1, Math.ceil((budget.iterations ?? 64) / rounds)),
          time: (budget.timeMs ?? 1000) / rounds,
          warmup: round === 0,
          warmupIterations: budget.warmupIterations ?? 16,
          warmupTime: budget.warmupTimeMs ?? 250,
          throws: true,
          retainSamples: true,
        });
    const ordered = round % 2 === 0 ? tasks : [...tasks].reverse();
    for (const t of ordered) bench.add(t.name, t.fn, t.beforeEach ? { beforeEach: t.beforeEach } : {});
    bench.runSync();
    for (const task of bench.tasks) {
      const r = task.result;
      if (r.state !== "completed") {
        const error = r.state === "errored" ? r.error : new Error(`task ended in state ${r.state}`);
        throw new Error(`bench task "${task.name}" failed: ${error.message}`, { cause: error });
      }
      pooled.get(task.name)!.push(...(r.latency.samples ?? []));
    }
  }
  const out = new Map<string, Stats>();
  for (const [name, samples] of pooled) out.set(name, summarize(samples));
  return out;
}

/** min / median / max of raw samples. */
export function summarize(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error("no samples");
  const s = [...samples].sort((a, b) => a - b);
  const mid = (s.length - 1) / 2;
  const median = (s[Math.floor(mid)]! + s[Math.ceil(mid)]!) / 2;
  return { min: s[0]!, median, max: s[s.length - 1]!, samples: s.length };
}

/** The stats of one task (throws if it is missing). */
export function statsOf(results: Map<string, Stats>, name: string): Stats {
  const s = results.get(name);
  if (!s) throw new Error(`no result for bench task "${name}"`);
  return s;
}

/** Converts a cost (ms per call) to another cost unit: every statistic times `factor`. */
export function scaled(s: Stats, factor: number): Stats {
  return { min: s.min * factor, median: s.median * factor, max: s.max * factor, samples: s.samples };
}

/** Converts ms per call to a rate: `perCall` things per call → things per second. */
export function rate(s: Stats, perCall: number): Stats {
  const r = (ms: number): number => (perCall * 1000) / ms;
  return { min: r(s.max), median: r(s.median), max: r(s.min), samples: s.samples };
}

/** Stats of a single exact value (sizes). */
export function exact(value: number): Stats {
  return { min: value, median: value, max: value, samples: 1 };
}

export interface RowSpec {
  id: string;
  workload: string;
  unit: string;
  tandem: Stats;
  baseline?: { name: string; stats: Stats };
  /** For rates (higher is better) the ratio is baseline ÷ tandem. */
  higherIsBetter?: boolean;
  goal?: { text: string; met: (tandem: number, baseline: number | null, ratio: number | null) => boolean };
}

export function makeRow(opts: SuiteOptions, spec: RowSpec): Row {
  const t = spec.tandem.median;
  const b = spec.baseline ? spec.baseline.stats.median : null;
  const ratio = b === null ? null : spec.higherIsBetter ? b / t : t / b;
  return {
    id: spec.id,
    workload: spec.workload,
    unit: spec.unit,
    tandem: t,
    baseline: b,
    baselineName: spec.baseline?.name ?? null,
    ratio,
    goal: spec.goal?.text ?? null,
    pass: spec.goal && !opts.quick ? spec.goal.met(t, b, ratio) : null,
    stats: { clock: opts.clock, tandem: spec.tandem, baseline: spec.baseline?.stats ?? null },
  };
}

export { seededRandom } from "./seeded-random.ts";

/** "10,000" */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}
