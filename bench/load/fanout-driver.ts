// Driver of the fan-out bench, run as its own process by bench/fanout.ts (whose suite API is
// synchronous). It starts the load generator and the probe (a second generator process that
// drives one client of each one-session scenario; both live for the whole run) and, per
// scenario (once for the whole run in quick mode), the real reflector CLI and the bare relay;
// each round runs them against both servers, alternating which goes first. Prints one JSON line
// (FanoutDriverReport) at the end; progress goes to stderr. Every child is killed on the way
// out, also on errors and signals (processes.ts).
//
//   node --import tsx bench/load/fanout-driver.ts [--quick] [--scenarios 2,32,100x4]
//        [--targets tandem,bare] [--rounds N] [--profile-dir DIR] (the reflector runs with --cpu-prof)
//        [--reflector PATH] (another reflector entry point, e.g. an experimental copy of main.ts)
import { parseArgs } from "node:util";
import { fanoutPlan, RATE, REFLECTOR_FLAGS, type FanoutScenario } from "./fanout-scenarios.ts";
import { sharedNow } from "./frames.ts";
import type { GeneratorJob, GeneratorReport } from "./generator.ts";
import type { ReflectorStats } from "../../reflector/src/stats.ts";
import { EXIT_WITH_PARENT, installCleanup, sleep, startNode, type Child } from "./processes.ts";

export type Target = "tandem" | "bare";

/** Send→receive latency at the probe: the one client of a session that has a process of its own. */
export interface ProbeLatency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Deliveries it measured. */
  samples: number;
  /** The probe process's CPU per wall second over the window. */
  cpuFraction: number;
}

/** One round against one server: the load generator's report (merged with the probe's counts) and the probe's latency. */
export type RoundReport = GeneratorReport & { probe: ProbeLatency | null };

export interface FanoutDriverReport {
  quick: boolean;
  rounds: number;
  windowMs: number;
  results: { scenario: FanoutScenario; tandem: RoundReport[]; bare: RoundReport[]; reflectorStats: ReflectorStats[] }[];
}

const STATS_PREFIX = "reflector stats ";

const statsLines = (child: Child): string[] => child.stderr().split("\n").filter((l) => l.startsWith(STATS_PREFIX));

/**
 * The reflector's stats for the window just measured: the generator sends SIGUSR2 at the
 * window's start and end, and the reflector logs one line each time, so the window's line is
 * the second new one. Waits briefly for it (the line and the generator's report race). The
 * reflector logs little else, so its stderr stays far below the capture cap.
 */
async function windowStats(child: Child, linesBefore: number): Promise<ReflectorStats | null> {
  for (let i = 0; i < 100; i++) {
    const lines = statsLines(child);
    if (lines.length >= linesBefore + 2) return JSON.parse(lines[linesBefore + 1]!.slice(STATS_PREFIX.length)) as ReflectorStats;
    await sleep(20);
  }
  return null;
}

const { values: a } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    scenarios: { type: "string" },
    targets: { type: "string", default: "tandem,bare" },
    rounds: { type: "string" },
    "profile-dir": { type: "string" },
    reflector: { type: "string", default: "reflector/src/main.ts" },
  },
  strict: true,
});

const plan = fanoutPlan(a.quick === true);
if (a.rounds !== undefined) plan.rounds = Math.max(1, Number(a.rounds) | 0);
const wanted = a.scenarios?.split(",").filter(Boolean);
const scenarios = wanted ? plan.scenarios.filter((s) => wanted.includes(s.id)) : plan.scenarios;
if (wanted && scenarios.length !== wanted.length) throw new Error(`unknown scenario in ${a.scenarios} (known: ${plan.scenarios.map((s) => s.id).join(", ")})`);
const targets = a.targets!.split(",").filter(Boolean) as Target[];
for (const t of targets) if (t !== "tandem" && t !== "bare") throw new Error(`unknown target ${t}`);
const log = (line: string) => console.error(`fanout: ${line}`);

interface Server {
  child: Child;
  url: string;
}

function startServer(target: Target): Promise<Server> {
  const started =
    target === "tandem"
      ? startNode(a.reflector!, REFLECTOR_FLAGS, {
          ready: /listening on (ws:\/\/\S+)/,
          preload: [EXIT_WITH_PARENT],
          nodeArgs: a["profile-dir"] ? ["--cpu-prof", "--cpu-prof-dir", a["profile-dir"]] : [],
        })
      : startNode("bench/load/bare-relay.ts", [], { ready: /listening on (ws:\/\/\S+)/ });
  return started.then((child) => ({ child, url: child.ready![1]! }));
}

async function startServers(): Promise<Map<Target, Server>> {
  const started = await Promise.allSettled(targets.map((t) => startServer(t)));
  const servers = new Map<Target, Server>();
  started.forEach((s, i) => s.status === "fulfilled" && servers.set(targets[i]!, s.value));
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await stopServers(servers);
    throw failed.reason;
  }
  return servers;
}

async function stopServers(servers: Map<Target, Server>): Promise<void> {
  await Promise.all(
    [...servers].map(async ([t, { child }]) => {
      const code = await child.stop();
      if (t === "tandem" && code !== 0) log(`reflector exited with ${code}: ${child.stderr().slice(-2000)}`);
    }),
  );
  servers.clear();
}

/** A generator process and a way to wait for its next JSON line (a job's "ready", then its report). */
class Generator {
  private seen = 0;
  private constructor(readonly child: Child) {}

  static async start(): Promise<Generator> {
    return new Generator(await startNode("bench/load/generator.ts", []));
  }

  /** Sends the job and waits until its sockets have joined. */
  async prepare(job: GeneratorJob): Promise<void> {
    this.child.child.stdin!.write(`${JSON.stringify(job)}\n`);
    await this.nextLine(job, 90_000);
  }

  /** Starts the prepared job's schedule at `startAt` (sharedNow() ms) and waits for its report. */
  async go(job: GeneratorJob, startAt: number): Promise<GeneratorReport> {
    this.child.child.stdin!.write(`${JSON.stringify({ go: startAt })}\n`);
    return JSON.parse(await this.nextLine(job, job.warmupMs + job.windowMs + job.drainMs + 90_000)) as GeneratorReport;
  }

  private nextLine(job: GeneratorJob, limit: number): Promise<string> {
    const want = ++this.seen;
    return new Promise((resolve, reject) => {
      const stdout = this.child.child.stdout!;
      const check = () => {
        const lines = this.child.stdout().split("\n").filter((l) => l.startsWith("{"));
        if (lines.length >= want) {
          done();
          resolve(lines[want - 1]!);
        }
      };
      const onExit = (code: number | string) => {
        done();
        reject(new Error(`generator exited (${code}) during ${job.prefix}:\n${this.child.stderr().slice(-4000)}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`generator gave no answer for ${job.prefix} within ${limit} ms`));
      }, limit);
      let over = false;
      const done = () => {
        over = true;
        clearTimeout(timer);
        stdout.off("data", check);
      };
      stdout.on("data", check);
      void this.child.exited.then((code) => {
        if (!over) onExit(code);
      });
      check();
    });
  }

  async stop(): Promise<void> {
    this.child.child.stdin!.end();
    await this.child.stop(10_000);
  }
}

/**
 * Runs one round: in a one-session scenario the load generator drives all clients but the
 * last, and the probe process drives the last one (its own process, so its latency is not
 * queued behind the other clients' reads); both start their schedules at the same instant and
 * measure the same window. Counts are summed; the server's CPU is read by the load generator.
 */
/**
 * How far ahead of "now" the schedule starts: room for the go line to cross the pipes and be
 * read, so a late go is not counted as the generator lagging behind its sends (the warm-up
 * comes after it anyway).
 */
const GO_MARGIN_MS = 100;

async function runRound(gen: Generator, probe: Generator, job: GeneratorJob): Promise<RoundReport> {
  const total = job.sessions * job.clients;
  const split = job.sessions === 1 && job.clients >= 2;
  if (!split) {
    await gen.prepare(job);
    return { ...(await gen.go(job, sharedNow() + GO_MARGIN_MS)), probe: null };
  }
  const mainJob: GeneratorJob = { ...job, sockets: { from: 0, to: total - 1 } };
  const probeJob: GeneratorJob = { ...job, pid: null, signalStats: false, sockets: { from: total - 1, to: total } };
  await Promise.all([gen.prepare(mainJob), probe.prepare(probeJob)]);
  const startAt = sharedNow() + GO_MARGIN_MS;
  const [m, p] = await Promise.all([gen.go(mainJob, startAt), probe.go(probeJob, startAt)]);
  const sent = m.sent + p.sent;
  const receivedInWindow = m.receivedInWindow + p.receivedInWindow;
  return {
    ...m,
    sockets: m.sockets + p.sockets,
    sent,
    expected: sent * job.clients,
    delivered: m.delivered + p.delivered,
    receivedInWindow,
    deliveriesPerSecond: m.deliveriesPerSecond + p.deliveriesPerSecond,
    framesInWindow: m.framesInWindow + p.framesInWindow,
    deliveriesPerCpuSecond: receivedInWindow / m.serverCpuSeconds,
    maxSendLagMs: Math.max(m.maxSendLagMs, p.maxSendLagMs),
    skippedSends: m.skippedSends + p.skippedSends,
    closedSockets: m.closedSockets + p.closedSockets,
    errors: [...m.errors, ...p.errors].slice(0, 5),
    probe: { p50: p.p50, p90: p.p90, p99: p.p99, max: p.max, samples: p.delivered, cpuFraction: p.generatorCpuFraction },
  };
}

async function main(): Promise<void> {
  installCleanup();
  const report: FanoutDriverReport = { quick: a.quick === true, rounds: plan.rounds, windowMs: plan.windowMs, results: [] };
  const [gen, probe, shared] = await Promise.all([Generator.start(), Generator.start(), a.quick ? startServers() : Promise.resolve(null)]);
  try {
    for (const sc of scenarios) {
      const servers = shared ?? (await startServers());
      try {
        const entry = { scenario: sc, tandem: [] as RoundReport[], bare: [] as RoundReport[], reflectorStats: [] as ReflectorStats[] };
        for (let round = 0; round < plan.rounds; round++) {
          const order = round % 2 === 0 ? targets : [...targets].reverse();
          for (const t of order) {
            const { child, url } = servers.get(t)!;
            const linesBefore = statsLines(child).length;
            const r = await runRound(gen, probe, {
              url, target: t, pid: child.pid, sessions: sc.sessions, clients: sc.clients, rate: RATE,
              warmupMs: plan.warmupMs, windowMs: plan.windowMs, drainMs: plan.drainMs, prefix: `fanout-${sc.id}-r${round}`, signalStats: t === "tandem",
              phases: sc.phases,
            });
            entry[t].push(r);
            if (t === "tandem") {
              const stats = await windowStats(child, linesBefore);
              if (stats) entry.reflectorStats.push(stats);
            }
            log(`${sc.id} round ${round + 1}/${plan.rounds} ${t}: ${Math.round(r.deliveriesPerCpuSecond)} deliveries/CPU-s, ${Math.round(r.deliveriesPerSecond)}/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms${r.probe ? ` (probe p50 ${r.probe.p50.toFixed(2)} ms, p99 ${r.probe.p99.toFixed(2)} ms)` : ""}, delivered ${r.delivered}/${r.expected}, ${(r.receivedInWindow / r.framesInWindow).toFixed(2)} deliveries/frame, server CPU ${(r.serverCpuFraction * 100).toFixed(0)} %, generator CPU ${(r.generatorCpuFraction * 100).toFixed(0)} %, send lag ≤ ${r.maxSendLagMs.toFixed(1)} ms${r.errors.length ? `, errors: ${r.errors.join("; ")}` : ""}`);
          }
        }
        report.results.push(entry);
      } finally {
        if (!shared) await stopServers(servers);
      }
    }
  } finally {
    if (shared) await stopServers(shared);
    await Promise.all([gen.stop(), probe.stop()]);
  }
  console.log(JSON.stringify(report));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`fanout: ${(err as Error)?.stack ?? String(err)}`);
    process.exit(1);
  },
);
