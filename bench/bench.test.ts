// Runs the whole bench in quick mode (each task once, small sizes) to prove the scripts work:
// every row must carry finite numbers and the JSON must be written. No timing assertions.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import type { Row } from "./harness.ts";
import { networkSuiteIds, runBench } from "./run.ts";

const dir = mkdtempSync(join(tmpdir(), "tandem-bench-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function finite(v: unknown): boolean {
  return typeof v === "number" && Number.isFinite(v);
}

// The network suites (fanout, late-join-net) start a reflector, a load generator and clients as
// processes: ~20-40 s even in quick mode, too slow for this test. Run them with
// `npm run bench -- --quick --only fanout` / `--only late-join-net`.
it("runs every in-process suite in quick mode and writes the JSON", () => {
  const out = join(dir, "latest.json");
  const lines: string[] = [];
  const { rows } = runBench({ quick: true, out, log: (l) => lines.push(l), skip: networkSuiteIds });
  const ids = rows.map((r) => r.id);
  for (const id of ["ecs-step-10k", "ecs-step-100k", "ecs-step-fixed", "snapshot-encode-10k", "snapshot-decode-10k", "snapshot-bytes-10k", "late-join-10k", "futures-10k"]) {
    expect(ids).toContain(id);
  }
  for (const r of rows) {
    expect(finite(r.tandem), `${r.id}.tandem`).toBe(true);
    for (const k of ["min", "median", "max"] as const) expect(finite(r.stats.tandem[k]), `${r.id}.stats.tandem.${k}`).toBe(true);
    if (r.baseline !== null) {
      expect(finite(r.baseline), `${r.id}.baseline`).toBe(true);
      expect(finite(r.ratio), `${r.id}.ratio`).toBe(true);
      expect(typeof r.baselineName).toBe("string");
    }
  }
  const written = JSON.parse(readFileSync(out, "utf8")) as Row[];
  expect(written.map((r) => r.id)).toEqual(ids);
  for (const r of written) {
    expect(Object.keys(r)).toEqual(expect.arrayContaining(["id", "workload", "unit", "tandem", "baseline", "baselineName", "ratio", "goal", "pass"]));
  }
  expect(lines.join("\n")).toContain("ecs-step-10k");
});

it("--only runs one row", () => {
  const out = join(dir, "only.json");
  const { rows } = runBench({ quick: true, only: "snapshot-bytes-10k", out, log: () => {} });
  expect(rows.map((r) => r.id)).toEqual(["snapshot-bytes-10k"]);
});
