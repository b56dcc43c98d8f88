// Child process of the vs-croquet bench (bench/vs-croquet.ts starts it). Croquet's session join
// is asynchronous and a memory figure needs a clean heap, so the work runs here, one task per
// process, and the result goes to a JSON file:
// - "compare": Tandem and Croquet in this one process, measured in interleaved rounds (P1 fixed
//   steps, P3 snapshot size, P4 catch-up with input).
// - "heap": heap + array-buffer bytes after GC of one engine's swarm of n entities (needs --expose-gc).
// - "bundle": the engine entry built with vite (rolldown) in library mode, minified, gzipped.
// Usage: node [--expose-gc] --import tsx bench/vs-croquet-child.ts '<json spec>'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { clockFn, measure, statsOf, type Clock, type Stats, type SuiteOptions, type TaskSpec } from "./harness.ts";
import { loadCroquet, startCroquet, type CroquetRun } from "./vs-croquet-croquet.ts";
import { startTandem, startTandemClient } from "./vs-croquet-tandem.ts";

export interface CompareSpec {
  task: "compare";
  quick: boolean;
  clock: Clock;
  /** Row ids wanted (the parent resolves --only). */
  rows: string[];
  /** Whether Croquet is installed and should run. */
  croquet: boolean;
  out: string;
}
export interface HeapSpec {
  task: "heap";
  engine: "tandem" | "croquet";
  entities: number;
  out: string;
}
export interface BundleSpec {
  task: "bundle";
  out: string;
}
export type ChildSpec = CompareSpec | HeapSpec | BundleSpec;

/** Costs in ms per sample of `steps` steps (already normalised: Croquet may run ±1 step per catch-up). */
export interface Measured {
  steps: number;
  entities: number;
  tandem: Stats;
  croquet?: Stats;
  croquetArrays?: Stats;
}
export interface SnapshotSizes {
  entities: number;
  tandemRaw: number;
  tandemWire: number;
  croquetJson?: number;
  croquetGzip?: number;
  croquetArraysJson?: number;
  croquetArraysGzip?: number;
}
export interface CompareResult {
  /** By row group: "sim-fixed", "sim-10k", "sim-100k", "catchup-10k". */
  measured: Record<string, Measured>;
  snapshot?: SnapshotSizes;
  notes: string[];
}
export interface HeapResult {
  entities: number;
  heapUsed: number;
  arrayBuffers: number;
  external: number;
}
export interface BundleResult {
  files: { name: string; bytes: number; gzip: number }[];
  bytes: number;
  gzip: number;
}

/** A stepper: runs about `steps` steps, returns how many ran. */
type Run = (steps: number) => number;

/** A task that times itself and reports the cost of exactly `steps` steps. */
function stepTask(name: string, run: Run, steps: number, now: () => number): TaskSpec {
  return {
    name,
    fn: () => {
      const t0 = now();
      const ran = run(steps);
      const ms = now() - t0;
      if (ran < steps - 1 || ran > steps + 1 || ran <= 0) throw new Error(`${name}: ran ${ran} steps, expected ${steps}`);
      return { overriddenDuration: (ms * steps) / ran };
    },
  };
}

/** The stats of one measurement (ms per `steps` steps; the parent converts them to the row's unit). */
function pair(results: Map<string, Stats>, steps: number, entities: number, croquet: boolean, arrays: boolean): Measured {
  const m: Measured = { steps, entities, tandem: statsOf(results, "tandem") };
  if (croquet) m.croquet = statsOf(results, "croquet objects");
  if (arrays) m.croquetArrays = statsOf(results, "croquet arrays");
  return m;
}

async function compare(spec: CompareSpec): Promise<CompareResult> {
  const now = clockFn(spec.clock);
  const opts: SuiteOptions = { quick: spec.quick, clock: spec.clock, now, wants: (id) => spec.rows.includes(id) };
  const wantsAny = (prefix: string): boolean => spec.rows.some((r) => r === prefix || r.startsWith(`${prefix}-`));
  const result: CompareResult = { measured: {}, notes: [] };
  if (spec.croquet) loadCroquet();
  const quick = spec.quick;
  const leave: CroquetRun[] = [];
  const croquetRuns = async (n: number, arrays: boolean): Promise<{ objects?: CroquetRun; arrays?: CroquetRun }> => {
    if (!spec.croquet) return {};
    const objects = await startCroquet("objects", n);
    leave.push(objects);
    const arr = arrays ? await startCroquet("arrays", n) : undefined;
    if (arr) leave.push(arr);
    return arr ? { objects, arrays: arr } : { objects };
  };
  const done = async (): Promise<void> => {
    for (const r of leave.splice(0)) await r.leave();
  };

  // P1: fixed cost per step (1 entity) and per entity-step at 10k / 100k
  const sizes: { group: string; n: number; steps: number; budget: { iterations: number; timeMs: number } }[] = [
    { group: "sim-fixed", n: 1, steps: quick ? 60 : 1800, budget: { iterations: 48, timeMs: 800 } },
    { group: "sim-10k", n: quick ? 500 : 10_000, steps: quick ? 6 : 60, budget: { iterations: 32, timeMs: 1200 } },
    { group: "sim-100k", n: quick ? 2000 : 100_000, steps: quick ? 3 : 12, budget: { iterations: 16, timeMs: 1500 } },
  ];
  for (const s of sizes) {
    const wantSim = wantsAny(`vs-croquet-${s.group}`);
    const wantMore = s.group === "sim-10k" && (wantsAny("vs-croquet-snapshot-10k") || wantsAny("vs-croquet-catchup-10k"));
    if (!wantSim && !wantMore) continue;
    const arrays = s.group !== "sim-fixed";
    const tandem = startTandem(s.n);
    const cq = await croquetRuns(s.n, arrays);
    if (wantSim) {
      const tasks: TaskSpec[] = [stepTask("tandem", (k) => tandem.step(k), s.steps, now)];
      if (cq.objects) tasks.push(stepTask("croquet objects", (k) => cq.objects!.step(k), s.steps, now));
      if (cq.arrays) tasks.push(stepTask("croquet arrays", (k) => cq.arrays!.step(k), s.steps, now));
      const results = measure(opts, tasks, { ...s.budget, warmupIterations: 4, warmupTimeMs: 200 });
      result.measured[s.group] = pair(results, s.steps, s.n, !!cq.objects, !!cq.arrays);
    }
    if (s.group === "sim-10k" && wantsAny("vs-croquet-snapshot-10k")) {
      const t = tandem.snapshotWire();
      const sizes: SnapshotSizes = { entities: s.n, tandemRaw: t.raw, tandemWire: t.wire };
      if (cq.objects) {
        const json = cq.objects.snapshotJson();
        sizes.croquetJson = Buffer.byteLength(json);
        sizes.croquetGzip = gzipSync(json, { level: 1 }).length; // Croquet's upload worker: pako gzip level 1
      }
      if (cq.arrays) {
        const json = cq.arrays.snapshotJson();
        sizes.croquetArraysJson = Buffer.byteLength(json);
        sizes.croquetArraysGzip = gzipSync(json, { level: 1 }).length;
      }
      result.snapshot = sizes;
    }
    if (s.group === "sim-10k" && wantsAny("vs-croquet-catchup-10k")) {
      // P4: 60 s of a 60 Hz game, one spawn/remove event per second
      const seconds = quick ? 2 : 60;
      const client = startTandemClient(s.n);
      const steps = seconds * 60;
      const tasks: TaskSpec[] = [stepTask("tandem", () => client.catchUp(seconds), steps, now)];
      if (cq.objects) tasks.push(stepTask("croquet objects", () => cq.objects!.catchUp(seconds), steps, now));
      if (cq.arrays) tasks.push(stepTask("croquet arrays", () => cq.arrays!.catchUp(seconds), steps, now));
      const results = measure(opts, tasks, { iterations: 8, timeMs: 0, warmupIterations: 1, warmupTimeMs: 0, rounds: 2 });
      result.measured["catchup-10k"] = pair(results, steps, s.n, !!cq.objects, !!cq.arrays);
    }
    await done();
  }
  return result;
}

function gcNow(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("the heap task needs node --expose-gc");
  for (let i = 0; i < 4; i++) gc();
}

async function heap(spec: HeapSpec): Promise<HeapResult> {
  let keep: unknown;
  if (spec.engine === "tandem") {
    const t = startTandem(spec.entities);
    t.step(60);
    keep = t;
  } else {
    const c = await startCroquet("objects", spec.entities);
    c.step(60);
    keep = c;
    await new Promise((r) => setTimeout(r, 100)); // let Croquet's join timers settle
  }
  gcNow();
  const m = process.memoryUsage();
  if (!keep) throw new Error("unreachable");
  return { entities: spec.entities, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, external: m.external };
}

async function bundle(): Promise<BundleResult> {
  const { build } = await import("vite");
  const root = fileURLToPath(new URL("..", import.meta.url));
  const outDir = mkdtempSync(join(tmpdir(), "tandem-bundle-"));
  try {
    await build({
      configFile: false,
      root,
      logLevel: "silent",
      build: {
        outDir,
        emptyOutDir: true,
        minify: true,
        target: "es2022",
        // one minified browser file like croquet.min.js ("es" lib output keeps whitespace)
        lib: { entry: join(root, "engine/src/index.ts"), formats: ["iife"], name: "Tandem", fileName: () => "tandem.js" },
        rolldownOptions: { external: [/^pixi\.js/] },
      },
    });
    const files = readdirSync(outDir).filter((f) => f.endsWith(".js")).map((name) => {
      const b = readFileSync(join(outDir, name));
      return { name, bytes: b.length, gzip: gzipSync(b).length };
    });
    if (files.length === 0) throw new Error("vite build wrote no .js file");
    return { files, bytes: files.reduce((a, f) => a + f.bytes, 0), gzip: files.reduce((a, f) => a + f.gzip, 0) };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const arg = process.argv[2];
  if (!arg) throw new Error("usage: vs-croquet-child.ts '<json spec>'");
  const spec = JSON.parse(arg) as ChildSpec;
  const result = spec.task === "compare" ? await compare(spec) : spec.task === "heap" ? await heap(spec) : await bundle();
  writeFileSync(spec.out, JSON.stringify(result));
}

main().then(
  () => process.exit(0), // Croquet keeps timers (keep-alive, its upload worker) running
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
