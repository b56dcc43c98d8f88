// Bench suite "vs-croquet": Tandem side by side with Croquet 2.0.4 on this machine, in the same
// run. Croquet lives apart in bench/croquet (its own package.json + lockfile; its npm package
// pulls a native WebRTC dependency whose install script downloads a binary, so it stays out of
// the root install) and is installed on first use with `npm ci --ignore-scripts`. Quick mode
// never installs it: without it the rows carry Tandem's numbers only, with a note.
//
// The measuring happens in child processes (bench/vs-croquet-child.ts): Croquet's session join
// is asynchronous and a heap figure needs a clean heap. Rows:
//   P1 vs-croquet-sim-*        fixed 60 Hz steps while catching up as fast as possible
//   P3 vs-croquet-snapshot-10k snapshot bytes as each client uploads them
//   P4 vs-croquet-catchup-10k  60 s of a 10k-entity game with one spawn/remove event per second
//   P6 vs-croquet-heap-100k    heap bytes per entity; vs-croquet-bundle: client bundle, gzip
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { count, exact, makeRow, rate, scaled, type Row, type RowSpec, type Stats, type Suite, type SuiteOptions } from "./harness.ts";
import type { BundleResult, ChildSpec, CompareResult, HeapResult, Measured } from "./vs-croquet-child.ts";
import { CROQUET_DIR, CROQUET_VERSION, croquetInstalled } from "./vs-croquet-croquet.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHILD = fileURLToPath(new URL("./vs-croquet-child.ts", import.meta.url));
const CROQUET_BUNDLE = join(CROQUET_DIR, "node_modules/@croquet/croquet/pub/croquet.min.js");

/** Every row of the suite, in table order. */
export const VS_CROQUET_ROWS = [
  "vs-croquet-sim-fixed",
  "vs-croquet-sim-10k",
  "vs-croquet-sim-10k-arrays",
  "vs-croquet-sim-100k",
  "vs-croquet-sim-100k-arrays",
  "vs-croquet-snapshot-10k",
  "vs-croquet-snapshot-10k-arrays",
  "vs-croquet-catchup-10k",
  "vs-croquet-catchup-10k-arrays",
  "vs-croquet-heap-100k",
  "vs-croquet-bundle",
] as const;

const CROQUET = `Croquet ${CROQUET_VERSION}`;
const OBJECTS = `${CROQUET}, one Model per entity stepped by the root's future loop (Multiblaster style)`;
const ARRAYS = `${CROQUET}, one Model with Float32Array columns`;

type Availability = { ok: true } | { ok: false; why: string };

/** Croquet installed, or installed now from bench/croquet's lockfile (never in quick mode). */
export function ensureCroquet(quick: boolean): Availability {
  if (croquetInstalled()) return { ok: true };
  if (quick) return { ok: false, why: "Croquet not installed; quick mode does not install it (npm ci --ignore-scripts --prefix bench/croquet)" };
  const r = spawnSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix", CROQUET_DIR], {
    cwd: ROOT, encoding: "utf8", timeout: 300_000,
  });
  if (r.status === 0 && croquetInstalled()) return { ok: true };
  const text = `${r.error?.message ?? ""}\n${r.stderr ?? ""}`.trim().split("\n").slice(-3).join(" / ");
  return { ok: false, why: `npm ci --ignore-scripts --prefix bench/croquet failed (${r.status ?? r.signal}): ${text}` };
}

/** A child spec without its result path (distributes over the union). */
type TaskSpecOf<T> = T extends unknown ? Omit<T, "out"> : never;

/** Runs one child task and returns its JSON result (throws with the child's stderr on failure). */
function runChild<T>(spec: TaskSpecOf<ChildSpec>, opts: { gc?: boolean; timeoutMs?: number } = {}): T {
  const dir = mkdtempSync(join(tmpdir(), "tandem-vs-croquet-"));
  const out = join(dir, "result.json");
  try {
    const args = [...(opts.gc ? ["--expose-gc"] : []), "--import", "tsx", CHILD, JSON.stringify({ ...spec, out })];
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: opts.timeoutMs ?? 900_000, maxBuffer: 64 << 20 });
    if (r.status !== 0) {
      const tail = `${r.error?.message ?? ""}\n${r.stderr ?? ""}`.trim().split("\n").slice(-12).join("\n");
      throw new Error(`vs-croquet child "${spec.task}" failed (${r.status ?? r.signal}):\n${tail}`);
    }
    return JSON.parse(readFileSync(out, "utf8")) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** steps/s from the median cost of one sample of `steps` steps. */
function stepsPerSecond(s: Stats, steps: number): string {
  return count(Math.round((steps * 1000) / s.median));
}

export const vsCroquetSuite: Suite = {
  id: "vs-croquet",
  run(opts) {
    const wanted = VS_CROQUET_ROWS.filter((id) => opts.wants(id));
    if (wanted.length === 0) return [];
    const croquet = ensureCroquet(opts.quick);
    const note = croquet.ok ? "" : ` [${CROQUET} not run: ${croquet.why}]`;
    const rows: Row[] = [];
    const row = (spec: RowSpec): void => void rows.push(makeRow(opts, spec));

    const compareRows = wanted.filter((id) => /^vs-croquet-(sim|snapshot|catchup)-/.test(id));
    if (compareRows.length > 0) {
      const res = runChild<CompareResult>({ task: "compare", quick: opts.quick, clock: opts.clock, rows: compareRows, croquet: croquet.ok });
      simRows(opts, res, wanted, note, row);
      snapshotRows(res, wanted, note, row);
      catchUpRows(res, wanted, note, row);
    }
    if (wanted.includes("vs-croquet-heap-100k")) heapRow(opts, croquet.ok, note, row);
    if (wanted.includes("vs-croquet-bundle")) bundleRow(croquet.ok, note, row);
    return rows;
  },
};

type AddRow = (spec: RowSpec) => void;

function simRows(opts: SuiteOptions, res: CompareResult, wanted: readonly string[], note: string, row: AddRow): void {
  const fixed = res.measured["sim-fixed"];
  if (fixed && wanted.includes("vs-croquet-sim-fixed")) {
    const toUs = 1e3 / fixed.steps; // ms per sample → µs per step
    const sps = `Tandem ${stepsPerSecond(fixed.tandem, fixed.steps)} steps/s${fixed.croquet ? `, Croquet ${stepsPerSecond(fixed.croquet, fixed.steps)} steps/s` : ""}`;
    row({
      id: "vs-croquet-sim-fixed",
      workload: `fixed cost of one 60 Hz step (1 entity), ${count(fixed.steps)} steps per catch-up: Tandem Swarm in a Runtime (one advanceTo) vs Croquet offline session (reflector time moved, then simulate) — ${sps}${note}`,
      unit: "µs/step",
      tandem: scaled(fixed.tandem, toUs),
      ...(fixed.croquet ? {
        baseline: { name: OBJECTS, stats: scaled(fixed.croquet, toUs) },
        goal: { text: "≤ Croquet", met: (_t: number, _b: number | null, ratio: number | null) => ratio !== null && ratio <= 1 },
      } : {}),
    });
  }
  for (const size of ["10k", "100k"] as const) {
    const m = res.measured[`sim-${size}`];
    if (!m) continue;
    const toNs = 1e6 / (m.steps * m.entities); // ms per sample → ns per entity-step
    const label = opts.quick ? count(m.entities) : size;
    const base = `step ${label} bouncing entities (move + bounce), ${m.steps} steps per catch-up`;
    const sps = (s: Stats | undefined): string => (s ? `, Croquet ${stepsPerSecond(s, m.steps)} steps/s` : "");
    if (wanted.includes(`vs-croquet-sim-${size}`)) {
      row({
        id: `vs-croquet-sim-${size}`,
        workload: `${base} — Tandem ${stepsPerSecond(m.tandem, m.steps)} steps/s${sps(m.croquet)}${note}`,
        unit: "ns/entity-step",
        tandem: scaled(m.tandem, toNs),
        ...(m.croquet ? {
          baseline: { name: OBJECTS, stats: scaled(m.croquet, toNs) },
          goal: { text: "≥ 2.5× Croquet (ratio ≤ 0.40); stretch ≤ 1 ns", met: (_t: number, _b: number | null, ratio: number | null) => ratio !== null && ratio <= 0.4 },
        } : {}),
      });
    }
    if (wanted.includes(`vs-croquet-sim-${size}-arrays`) && m.croquetArrays) {
      row({
        id: `vs-croquet-sim-${size}-arrays`,
        workload: `same, against Croquet written with typed-array columns (informational) — Tandem ${stepsPerSecond(m.tandem, m.steps)} steps/s${sps(m.croquetArrays)}`,
        unit: "ns/entity-step",
        tandem: scaled(m.tandem, toNs),
        baseline: { name: ARRAYS, stats: scaled(m.croquetArrays, toNs) },
      });
    }
  }
}

function snapshotRows(res: CompareResult, wanted: readonly string[], note: string, row: AddRow): void {
  const s = res.snapshot;
  if (!s) return;
  const kb = (b: number): Stats => exact(b / 1000);
  if (wanted.includes("vs-croquet-snapshot-10k")) {
    row({
      id: "vs-croquet-snapshot-10k",
      workload: `snapshot of a ${count(s.entities)}-entity swarm on the wire: Tandem encodeSnapshot ${count(s.tandemRaw)} B → fflate deflate level 1 ${count(s.tandemWire)} B (as the client uploads it)${s.croquetGzip !== undefined ? `; Croquet JSON ${count(s.croquetJson!)} B → gzip level 1 ${count(s.croquetGzip)} B (as its upload worker does, before encryption)` : ""}${note}`,
      unit: "KB (1000 B)",
      tandem: kb(s.tandemWire),
      ...(s.croquetGzip !== undefined ? { baseline: { name: OBJECTS, stats: kb(s.croquetGzip) } } : {}),
      goal: { text: "≤ 160 KB", met: (t) => t <= 160 },
    });
  }
  if (wanted.includes("vs-croquet-snapshot-10k-arrays") && s.croquetArraysGzip !== undefined) {
    row({
      id: "vs-croquet-snapshot-10k-arrays",
      workload: `same, against Croquet with typed-array columns (JSON ${count(s.croquetArraysJson!)} B → gzip level 1 ${count(s.croquetArraysGzip)} B; informational)`,
      unit: "KB (1000 B)",
      tandem: kb(s.tandemWire),
      baseline: { name: ARRAYS, stats: kb(s.croquetArraysGzip) },
    });
  }
}

function catchUpRows(res: CompareResult, wanted: readonly string[], note: string, row: AddRow): void {
  const m: Measured | undefined = res.measured["catchup-10k"];
  if (!m) return;
  const seconds = m.steps / 60;
  const xReal = (s: Stats): Stats => rate(s, seconds); // model seconds per second
  const nsPer = (s: Stats): string => fmt((s.median * 1e6) / (m.steps * m.entities));
  const base = `replay ${seconds} s of a ${count(m.entities)}-entity 60 Hz game (${count(m.steps)} steps) with one spawn-10 / remove-10 event per second, delivered as stamped stream + tick and caught up at once`;
  if (wanted.includes("vs-croquet-catchup-10k")) {
    row({
      id: "vs-croquet-catchup-10k",
      workload: `${base} — Tandem ${nsPer(m.tandem)} ns/entity-step${m.croquet ? `, Croquet ${nsPer(m.croquet)}` : ""}${note}`,
      unit: "× real time",
      tandem: xReal(m.tandem),
      higherIsBetter: true,
      ...(m.croquet ? {
        baseline: { name: OBJECTS, stats: xReal(m.croquet) },
        goal: { text: "≥ 2.5× Croquet (ratio ≤ 0.40)", met: (_t: number, _b: number | null, ratio: number | null) => ratio !== null && ratio <= 0.4 },
      } : {}),
    });
  }
  if (wanted.includes("vs-croquet-catchup-10k-arrays") && m.croquetArrays) {
    row({
      id: "vs-croquet-catchup-10k-arrays",
      workload: `same, against Croquet with typed-array columns (informational) — Croquet ${nsPer(m.croquetArrays)} ns/entity-step`,
      unit: "× real time",
      tandem: xReal(m.tandem),
      higherIsBetter: true,
      baseline: { name: ARRAYS, stats: xReal(m.croquetArrays) },
    });
  }
}

/**
 * Heap + external memory after GC, per entity: (swarm of n − swarm of 0) ÷ n, each in a fresh
 * process. External (Node's `external`) holds array buffers and WebAssembly memories — Tandem's
 * component columns live in one (the world's arena) — so it is counted whole, not just `arrayBuffers`.
 */
function heapRow(opts: SuiteOptions, croquet: boolean, note: string, row: AddRow): void {
  // quick mode too needs enough entities to stand out of the ±200 KB the heap of two separate
  // processes differs by anyway (at 2000 the difference could come out negative)
  const n = opts.quick ? 20_000 : 100_000;
  const measureEngine = (engine: "tandem" | "croquet"): { perEntity: number; heap: number; buffers: number } => {
    const at = (entities: number): HeapResult => runChild<HeapResult>({ task: "heap", engine, entities }, { gc: true });
    const zero = at(0), full = at(n);
    const heap = (full.heapUsed - zero.heapUsed) / n;
    const buffers = (full.external - zero.external) / n;
    return { perEntity: heap + buffers, heap, buffers };
  };
  const t = measureEngine("tandem");
  const c = croquet ? measureEngine("croquet") : null;
  const split = (x: { heap: number; buffers: number }): string => `${fmt(x.heap)} JS heap + ${fmt(x.buffers)} external (array buffers, WebAssembly memory)`;
  row({
    id: "vs-croquet-heap-100k",
    workload: `memory per entity of a ${count(n)}-entity swarm after 60 steps, after GC in a fresh process (--expose-gc), minus the same with 0 entities: Tandem ${split(t)}${c ? `; Croquet (one Model per entity) ${split(c)}` : ""}${note}`,
    unit: "B/entity",
    tandem: exact(t.perEntity),
    ...(c ? { baseline: { name: OBJECTS, stats: exact(c.perEntity) } } : {}),
    goal: { text: "≤ 40 B/entity", met: (v) => v <= 40 },
  });
}

function bundleRow(croquet: boolean, note: string, row: AddRow): void {
  const b = runChild<BundleResult>({ task: "bundle" }, { timeoutMs: 300_000 });
  const croquetGzip = croquet ? gzipSync(readFileSync(CROQUET_BUNDLE)).length : null;
  row({
    id: "vs-croquet-bundle",
    workload: `client bundle, gzip: engine/src/index.ts built by vite (rolldown) in library mode, iife, minified, pixi.js external (${count(b.bytes)} B min)${croquetGzip !== null ? ` vs Croquet's own pub/croquet.min.js (${count(readFileSync(CROQUET_BUNDLE).length)} B min)` : ""}${note}`,
    unit: "KB gzip",
    tandem: exact(b.gzip / 1000),
    ...(croquetGzip !== null ? {
      baseline: { name: `${CROQUET} pub/croquet.min.js`, stats: exact(croquetGzip / 1000) },
      goal: { text: "≤ Croquet", met: (_t: number, _b: number | null, ratio: number | null) => ratio !== null && ratio <= 1 },
    } : {}),
  });
}
