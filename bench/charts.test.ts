// The scaling charts are drawn from the rows a run has, and only when it has all they need.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeCharts } from "./charts.ts";
import type { Row } from "./harness.ts";

const row = (id: string, tandem: number, baseline: number): Row => ({
  id, workload: id, unit: "u", tandem, baseline, baselineName: "b", ratio: tandem / baseline, goal: null, pass: null,
  stats: { clock: "cpu", tandem: { min: tandem, median: tandem, max: tandem, samples: 1 }, baseline: { min: baseline, median: baseline, max: baseline, samples: 1 } },
} as unknown as Row);

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("writeCharts", () => {
  it("draws both charts from complete rows, with one point per size and series", () => {
    dir = mkdtempSync(join(tmpdir(), "tandem-charts-"));
    const rows = [
      row("vs-croquet-sim-fixed", 0.1, 0.6), row("vs-croquet-sim-10k", 10, 10), row("vs-croquet-sim-100k", 12, 60),
      ...[2, 8, 32, 64, 128].map((n) => row(`fanout-${n}-probe-p99`, n / 10, n)),
      ...[8, 32, 64, 128].map((n) => row(`fanout-${n}-aligned-probe-p99`, n / 5, n * 2)),
    ];
    const files = writeCharts(rows, dir);
    expect(files.map((f) => f.split("/").pop())).toEqual(["scaling-sim.svg", "scaling-fanout.svg"]);
    const sim = readFileSync(files[0]!, "utf8");
    expect(sim.match(/<circle/g)).toHaveLength(6);
    expect(sim).toContain("Tandem: 100 at 1"); // 0.1 µs per step of 1 entity = 100 ns per entity-step
    const fan = readFileSync(files[1]!, "utf8");
    expect(fan.match(/<circle/g)).toHaveLength(18);
    expect(fan.match(/stroke-dasharray/g)).toHaveLength(2); // the aligned series
    expect(fan).toContain("Tandem, aligned sends: 6.4 at 32");
  });

  it("writes nothing when a run lacks rows (e.g. --only ecs-step)", () => {
    dir = mkdtempSync(join(tmpdir(), "tandem-charts-"));
    expect(writeCharts([row("vs-croquet-sim-10k", 10, 10)], dir)).toEqual([]);
  });
});
