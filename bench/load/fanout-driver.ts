// Driver of the fan-out bench, run as its own process by bench/fanout.ts (whose suite API is
// synchronous). It starts the load generator (one process for the whole run) and, per scenario
// (once for the whole run in quick mode), the real reflector CLI and the bare relay; each round
// runs the generator against both, alternating which goes first. Prints one JSON line
// (FanoutDriverReport) at the end; progress goes to stderr. Every child is killed on the way
// out, also on errors and signals (processes.ts).
//
//   node --import tsx bench/load/fanout-driver.ts [--quick] [--scenarios 2,32,100x4]
//        [--targets tandem,bare] [--rounds N] [--profile-dir DIR] (the reflector runs with --cpu-prof)
//        [--reflector PATH] (another reflector entry point, e.g. an experimental copy of main.ts)
import { parseArgs } from "node:util";
import { fanoutPlan, RATE, REFLECTOR_FLAGS, type FanoutScenario } from "./fanout-scenarios.ts";
import type { GeneratorJob, GeneratorReport } from "./generator.ts";
import type { ReflectorStats } from "../../reflector/src/stats.ts";
import { EXIT_WITH_PARENT, installCleanup, startNode, type Child } from "./processes.ts";

export type Target = "tandem" | "bare";

export interface FanoutDriverReport {
  quick: boolean;
  rounds: number;
  windowMs: number;
  results: { scenario: FanoutScenario; tandem: GeneratorReport[]; bare: GeneratorReport[]; reflectorStats: ReflectorStats[] }[];
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
    await new Promise((resolve) => setTimeout(resolve, 20));
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

/** The generator process and a way to wait for its next report line. */
class Generator {
  private seen = 0;
  private constructor(readonly child: Child) {}

  static async start(): Promise<Generator> {
    return new Generator(await startNode("bench/load/generator.ts", []));
  }

  async run(job: GeneratorJob): Promise<GeneratorReport> {
    this.child.child.stdin!.write(`${JSON.stringify(job)}\n`);
    const want = ++this.seen;
    const limit = job.warmupMs + job.windowMs + job.drainMs + 90_000;
    return new Promise((resolve, reject) => {
      const stdout = this.child.child.stdout!;
      const check = () => {
        const lines = this.child.stdout().split("\n").filter((l) => l.startsWith("{"));
        if (lines.length >= want) {
          done();
          resolve(JSON.parse(lines[want - 1]!) as GeneratorReport);
        }
      };
      const onExit = (code: number | string) => {
        done();
        reject(new Error(`generator exited (${code}) during ${job.prefix}:\n${this.child.stderr().slice(-4000)}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`generator gave no report for ${job.prefix} within ${limit} ms`));
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

async function main(): Promise<void> {
  installCleanup();
  const report: FanoutDriverReport = { quick: a.quick === true, rounds: plan.rounds, windowMs: plan.windowMs, results: [] };
  const [gen, shared] = await Promise.all([Generator.start(), a.quick ? startServers() : Promise.resolve(null)]);
  try {
    for (const sc of scenarios) {
      const servers = shared ?? (await startServers());
      try {
        const entry = { scenario: sc, tandem: [] as GeneratorReport[], bare: [] as GeneratorReport[], reflectorStats: [] as ReflectorStats[] };
        for (let round = 0; round < plan.rounds; round++) {
          const order = round % 2 === 0 ? targets : [...targets].reverse();
          for (const t of order) {
            const { child, url } = servers.get(t)!;
            const linesBefore = statsLines(child).length;
            const r = await gen.run({
              url, target: t, pid: child.pid, sessions: sc.sessions, clients: sc.clients, rate: RATE,
              warmupMs: plan.warmupMs, windowMs: plan.windowMs, drainMs: plan.drainMs, prefix: `fanout-${sc.id}-r${round}`, signalStats: t === "tandem",
              phases: sc.phases,
            });
            entry[t].push(r);
            if (t === "tandem") {
              const stats = await windowStats(child, linesBefore);
              if (stats) entry.reflectorStats.push(stats);
            }
            log(`${sc.id} round ${round + 1}/${plan.rounds} ${t}: ${Math.round(r.deliveriesPerCpuSecond)} deliveries/CPU-s, ${Math.round(r.deliveriesPerSecond)}/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, delivered ${r.delivered}/${r.expected}, ${(r.receivedInWindow / r.framesInWindow).toFixed(2)} deliveries/frame, server CPU ${(r.serverCpuFraction * 100).toFixed(0)} %, generator CPU ${(r.generatorCpuFraction * 100).toFixed(0)} %, send lag ≤ ${r.maxSendLagMs.toFixed(1)} ms${r.errors.length ? `, errors: ${r.errors.join("; ")}` : ""}`);
          }
        }
        report.results.push(entry);
      } finally {
        if (!shared) await stopServers(servers);
      }
    }
  } finally {
    if (shared) await stopServers(shared);
    await gen.stop();
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
