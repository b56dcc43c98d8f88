// The fan-out driver end to end on its smallest scenario: a real reflector process, the load
// generator and the probe in processes of their own, one round. Proves the two processes
// measure one window together (every expected delivery counted once, the probe's share
// included) — the numbers themselves belong to `npm run bench`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import type { FanoutDriverReport } from "./fanout-driver.ts";
import { lastJsonLine } from "./processes.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

it("runs a one-session scenario with a probe client in its own process and accounts for every delivery", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/load/fanout-driver.ts", "--quick", "--scenarios", "8", "--targets", "tandem"], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
    killSignal: "SIGTERM",
  });
  expect(r.status, r.stderr).toBe(0);
  const report = lastJsonLine<FanoutDriverReport>(r.stdout, "fanout driver");
  expect(report.results).toHaveLength(1);
  const [{ scenario, tandem, bare, reflectorStats }] = report.results as [FanoutDriverReport["results"][number]];
  expect(scenario.clients).toBe(8);
  expect(bare).toEqual([]);
  expect(tandem).toHaveLength(1);
  const round = tandem[0]!;
  expect(round.sockets).toBe(8);
  expect(round.errors).toEqual([]);
  // 8 clients at 60/s over a ~1 s window, each event delivered to all 8
  expect(round.sent).toBeGreaterThan(8 * 60 * 0.8);
  expect(round.expected).toBe(round.sent * 8);
  expect(round.delivered).toBe(round.expected);
  // the probe receives every event of the session, its own included
  expect(round.probe).not.toBeNull();
  expect(round.probe!.samples).toBe(round.sent);
  expect(round.probe!.p99).toBeGreaterThan(0);
  expect(round.probe!.p50).toBeLessThanOrEqual(round.probe!.p99);
  expect(round.deliveriesPerCpuSecond).toBeGreaterThan(0);
  expect(reflectorStats).toHaveLength(1);
  expect(reflectorStats[0]!.eventsIn).toBeGreaterThan(0);
});
