// Bench suite "render": main-thread JS time per frame of drawing 1k and 10k interpolated
// sprites in headless Chromium (WebGL on SwiftShader), Tandem next to a bare PixiJS loop in the
// same browser, runs alternating. The page (bench/render/index.html + main.ts) is served by the
// repo's Vite dev server ("e2e" mode) with COOP/COEP headers, so performance.now() has 5 µs
// resolution; per frame it times, with performance.now():
//   Tandem: session.advance (model) | renderer.update (interpolate + write) | app.renderer.render
//   bare:                             move + bounce + write                 | app.renderer.render
// Rows: "view" = update + render (goal ≤ 1.3× bare), "update", "pixi" (render alone) and
// "total" (Tandem including the model step; informational).
//
// The suite API is synchronous, so this file is also the driver: the suite runs
// `node --import tsx bench/render/run.ts [--quick]` and reads the JSON report on its last stdout
// line. Every browser and server the driver starts is closed on exit, errors and signals.
// Digging: `node --import tsx bench/render/run.ts --profile /tmp/prof` also writes one CPU
// profile (CDP Profiler, 100 µs sampling) per mode and size after the measured runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { count, makeRow, summarize, type Row, type Stats, type Suite, type SuiteOptions } from "../harness.ts";
import type { RenderMode, RenderPageInfo, RenderRunResult, RenderRunSpec } from "./protocol.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const BASELINE = "bare PixiJS 8 loop: same texture, ParticleContainer + Particles, move + bounce in Float32Arrays, positions written to the particles";

export interface RenderPlan {
  /** [row label, sprites] */
  sizes: [string, number][];
  rounds: number;
  warmup: number;
  frames: number;
}

export function renderPlan(quick: boolean): RenderPlan {
  return quick
    ? { sizes: [["1k", 200], ["10k", 200]], rounds: 1, warmup: 5, frames: 15 }
    : { sizes: [["1k", 1000], ["10k", 10_000]], rounds: 3, warmup: 60, frames: 100 };
}

export type LabeledRun = RenderRunResult & { label: string };

export interface RenderReport {
  info: RenderPageInfo;
  plan: RenderPlan;
  /** Every run, in the order it ran, with its size's row label. */
  runs: LabeledRun[];
  /** CPU profiles written (with --profile). */
  profiles: string[];
}

// ---------------------------------------------------------------- driver (async, own process)

/** The e2e tests' flags (engine/test/e2e/support/browser.ts). */
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic"];
const SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

/** Starts Vite + Chromium, runs every (size, mode) `rounds` times alternating, closes both. */
export async function runRenderBench(plan: RenderPlan, log: (line: string) => void, profileDir?: string): Promise<RenderReport> {
  // Closed in reverse order, also on errors and signals. Signals are ours alone: Vite's dev server
  // installs a SIGTERM listener that process.exit()s once the server is closed (the browser and its
  // profile dir would be left behind), and playwright's would close the browser under our feet.
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) {
      try {
        await c();
      } catch (e) {
        log(`cleanup: ${String(e)}`);
      }
    }
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    log(`${sig}: closing the browser and the dev server`);
    setTimeout(() => process.exit(1), 15_000).unref(); // a hung close must not keep us alive
    void cleanup().finally(() => process.exit(sig === "SIGINT" ? 130 : sig === "SIGHUP" ? 129 : 143));
  };
  for (const sig of SIGNALS) process.on(sig, onSignal);
  try {
    const [{ createServer }, { chromium }] = await Promise.all([import("vite"), import("playwright-core")]);
    const before = new Set(process.listeners("SIGTERM"));
    const vite = await createServer({
      configFile: join(root, "vite.config.ts"),
      root,
      mode: "e2e",
      logLevel: "warn",
      clearScreen: false,
      cacheDir: join(root, "node_modules/.vite-bench/render"),
      server: {
        host: "127.0.0.1",
        port: 0,
        strictPort: true,
        hmr: false,
        watch: null,
        open: false,
        // cross-origin isolation: performance.now() at 5 µs instead of 100 µs
        headers: { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" },
      },
    });
    for (const l of process.listeners("SIGTERM")) if (!before.has(l)) process.off("SIGTERM", l);
    cleanups.push(() => vite.close());
    await vite.listen();
    const address = vite.httpServer?.address();
    if (!address || typeof address !== "object") throw new Error("vite dev server has no address");
    const url = `http://127.0.0.1:${address.port}/bench/render/index.html`;

    const profile = mkdtempSync(join(tmpdir(), "tandem-bench-render-"));
    const removeProfile = (): void => rmSync(profile, { recursive: true, force: true });
    cleanups.push(removeProfile);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1000, height: 700 },
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    cleanups.push(() => context.close());
    // last resort (an exit nobody awaited): playwright's own exit hook kills Chromium, this one
    // (registered after it, so it runs after it) removes the profile
    process.once("exit", removeProfile);
    cleanups.push(() => void process.off("exit", removeProfile));

    for (const p of context.pages()) await p.close();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.stack ?? e.message}`));
    const res = await page.goto(url);
    if (!res?.ok()) throw new Error(`${url} answered ${res?.status() ?? "nothing"}`);
    try {
      await page.waitForFunction(() => window.renderBench !== undefined, undefined, { timeout: 60_000, polling: 50 });
    } catch (err) {
      throw new Error(`render bench page did not start: ${(err as Error).message}\n${problems.join("\n")}`);
    }
    const info = await page.evaluate(() => window.renderBench!.info());
    log(`page: ${info.renderer} on ${info.glRenderer}, ${info.width}×${info.height}, crossOriginIsolated ${info.crossOriginIsolated}, timer step ${(info.timerResolutionMs * 1000).toFixed(1)} µs`);

    const runOne = async (spec: RenderRunSpec): Promise<RenderRunResult> => {
      const r = await page.evaluate((s) => window.renderBench!.run(s), spec);
      if (problems.length > 0) throw new Error(`render bench page errors:\n${problems.join("\n")}`);
      if (r.drawn !== spec.n) throw new Error(`${spec.mode} ${spec.n}: ${r.drawn} sprites drawn, expected ${spec.n}`);
      return r;
    };

    const runs: LabeledRun[] = [];
    for (let round = 0; round < plan.rounds; round++) {
      for (const [label, n] of plan.sizes) {
        const modes: RenderMode[] = round % 2 === 0 ? ["bare", "tandem"] : ["tandem", "bare"];
        for (const mode of modes) {
          const r = await runOne({ mode, n, warmup: plan.warmup, frames: plan.frames });
          runs.push({ ...r, label });
          const m = summarize(r.view).median, fps = 1000 / summarize(r.interval.length > 0 ? r.interval : [NaN]).median;
          log(`round ${round + 1}/${plan.rounds} ${mode} ${n}: view ${m.toFixed(3)} ms/frame median, ${fps.toFixed(0)} fps`);
        }
      }
    }

    const profiles: string[] = [];
    if (profileDir) {
      mkdirSync(profileDir, { recursive: true });
      const cdp = await context.newCDPSession(page);
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
      for (const [label, n] of plan.sizes) {
        for (const mode of ["tandem", "bare"] as const) {
          await cdp.send("Profiler.start");
          await runOne({ mode, n, warmup: plan.warmup, frames: plan.frames });
          const { profile: cpuProfile } = await cdp.send("Profiler.stop");
          const file = resolve(profileDir, `render-${mode}-${label}.cpuprofile`);
          writeFileSync(file, JSON.stringify(cpuProfile));
          profiles.push(file);
          log(`profile: ${file}`);
        }
      }
      await cdp.detach();
    }
    return { info, plan, runs, profiles };
  } finally {
    await cleanup();
    for (const sig of SIGNALS) process.off(sig, onSignal);
  }
}

// ---------------------------------------------------------------- suite (sync, in `npm run bench`)

type Metric = "view" | "update" | "pixi" | "total";
const METRICS: readonly Metric[] = ["view", "update", "pixi", "total"];

const rowId = (m: Metric, label: string): string => `render-${m}-${label}`;

function pooled(runs: readonly LabeledRun[], mode: RenderMode, label: string, key: "model" | "update" | "render" | "view" | "total" | "interval"): number[] {
  return runs.filter((r) => r.spec.mode === mode && r.label === label).flatMap((r) => r[key]);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const ms = (v: number): string => (v >= 1 ? v.toFixed(2) : v.toFixed(3));

function rowsOf(opts: SuiteOptions, report: RenderReport): Row[] {
  const rows: Row[] = [];
  const { info, plan, runs } = report;
  const where = `headless Chromium, ${info.renderer} on ${info.glRenderer.replace(/\s*\(.*$/, "")}, ${info.width}×${info.height} canvas`;
  for (const [label, n] of plan.sizes) {
    const frames = pooled(runs, "bare", label, "view").length;
    const fps = (mode: RenderMode): string => (1000 / summarize(pooled(runs, mode, label, "interval")).median).toFixed(0);
    const tandemRuns = runs.filter((r) => r.spec.mode === "tandem" && r.label === label);
    const recorded = tandemRuns.reduce((a, r) => a + r.recordedFrames, 0) / Math.max(1, tandemRuns.reduce((a, r) => a + r.view.length, 0));
    const common = `${count(n)} bouncing sprites, ${where}; main-thread ms per frame (performance.now), ${frames} frames per side in ${plan.rounds} alternating rounds after ${plan.warmup} warm-up frames (${fps("tandem")} / ${fps("bare")} fps)`;
    const specs: Record<Metric, { tandem: number[]; bare: number[]; workload: string; goal?: boolean }> = {
      view: {
        tandem: pooled(runs, "tandem", label, "view"),
        bare: pooled(runs, "bare", label, "view"),
        workload: `${common}: view only = renderer.update (interpolate + write particles) + app.renderer.render, model stepping excluded`,
        goal: true,
      },
      update: {
        tandem: pooled(runs, "tandem", label, "update"),
        bare: pooled(runs, "bare", label, "update"),
        workload: `same: the update alone (Tandem renderer.update, ${(recorded * 100).toFixed(0)} % of frames recorded a new world step / bare move + bounce + write)`,
      },
      pixi: {
        tandem: pooled(runs, "tandem", label, "render"),
        bare: pooled(runs, "bare", label, "render"),
        workload: "same: app.renderer.render alone (same scene type both sides: should match)",
      },
      total: {
        tandem: pooled(runs, "tandem", label, "total"),
        bare: pooled(runs, "bare", label, "total"),
        workload: `same: Tandem including the model step (session.advance of an in-page createTestSession, 50 ms ticks of 3 steps; model alone ${ms(summarize(pooled(runs, "tandem", label, "model")).median)} ms median, ${ms(mean(pooled(runs, "tandem", label, "model")))} mean), informational`,
      },
    };
    for (const m of METRICS) {
      const id = rowId(m, label);
      if (!opts.wants(id)) continue;
      const s = specs[m];
      const tandem: Stats = summarize(s.tandem), bare: Stats = summarize(s.bare);
      const row = makeRow(opts, {
        id,
        workload: `${s.workload}; means ${ms(mean(s.tandem))} / ${ms(mean(s.bare))} ms`,
        unit: "ms/frame",
        tandem,
        baseline: { name: BASELINE, stats: bare },
        ...(s.goal ? { goal: { text: "≤ 1.3× baseline", met: (_t: number, _b: number | null, ratio: number | null) => ratio !== null && ratio <= 1.3 } } : {}),
      });
      rows.push({ ...row, stats: { ...row.stats, clock: "wall" } });
    }
  }
  return rows;
}

function lastJsonLine<T>(stdout: string): T {
  const lines = stdout.trim().split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!.trim();
    if (l.startsWith("{")) return JSON.parse(l) as T;
  }
  throw new Error(`render driver printed no JSON report:\n${stdout.slice(-2000)}`);
}

export const renderSuite: Suite = {
  id: "render",
  run(opts) {
    const plan = renderPlan(opts.quick);
    const wanted = plan.sizes.filter(([label]) => METRICS.some((m) => opts.wants(rowId(m, label))));
    if (wanted.length === 0) return [];
    if (!existsSync(CHROMIUM)) {
      console.log(`  render: no rows — ${CHROMIUM} is missing (install it with scripts/install-chromium.sh)`);
      return [];
    }
    const args = ["--import", "tsx", fileURLToPath(import.meta.url), "--sizes", wanted.map(([label, n]) => `${label}=${n}`).join(",")];
    if (opts.quick) args.push("--quick");
    const perRun = (plan.warmup + plan.frames) * 100 + 5000; // ≥ 10 fps, + scene setup
    const timeout = 90_000 + plan.rounds * wanted.length * 2 * perRun;
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", timeout, killSignal: "SIGTERM", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    if (r.error || r.status !== 0) {
      const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
      throw new Error(`render driver failed (${why}):\n${(r.stderr ?? "").slice(-4000)}`);
    }
    return rowsOf(opts, lastJsonLine<RenderReport>(r.stdout));
  },
};

// ---------------------------------------------------------------- CLI (the driver)

function parseDriverArgs(argv: readonly string[]): { plan: RenderPlan; profile?: string } {
  let quick = false, profile: string | undefined, sizes: [string, number][] | undefined;
  const overrides: Partial<Pick<RenderPlan, "rounds" | "warmup" | "frames">> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--quick") quick = true;
    else if (a === "--profile") profile = value();
    else if (a === "--sizes") {
      // "1k=1000,10k=10000" or "1000,10000"
      sizes = value().split(",").map((s) => {
        const [label, n] = s.includes("=") ? s.split("=") : [s, s];
        const num = Number(n);
        if (!(num > 0)) throw new Error(`--sizes: bad size "${s}"`);
        return [label!, num];
      });
    } else if (a === "--rounds" || a === "--warmup" || a === "--frames") {
      const v = Number(value());
      if (!(v >= 1)) throw new Error(`${a}: needs a number ≥ 1`);
      overrides[a.slice(2) as "rounds" | "warmup" | "frames"] = v;
    } else throw new Error(`unknown argument ${a} (use --quick, --sizes 1k=1000,10k=10000, --rounds, --warmup, --frames, --profile <dir>)`);
  }
  const base = renderPlan(quick);
  const plan: RenderPlan = { ...base, ...overrides, sizes: sizes ?? base.sizes };
  return profile === undefined ? { plan } : { plan, profile };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  try {
    const { plan, profile } = parseDriverArgs(process.argv.slice(2));
    if (!existsSync(CHROMIUM)) {
      console.error(`render: ${CHROMIUM} is missing (install it with scripts/install-chromium.sh)`);
      process.exitCode = 1;
    } else {
      const report = await runRenderBench(plan, (line) => console.error(line), profile);
      console.log(JSON.stringify(report));
    }
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  }
}
