// Runs the vs-croquet suite in quick mode to prove its scripts work (child processes, the
// bundle build, the heap probe). Offline-safe: quick mode never installs Croquet, so without
// bench/croquet/node_modules the rows carry Tandem's numbers only. No timing assertions.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import type { Row } from "./harness.ts";
import { runBench } from "./run.ts";
import { VS_CROQUET_ROWS } from "./vs-croquet.ts";
import { croquetInstalled } from "./vs-croquet-croquet.ts";

const dir = mkdtempSync(join(tmpdir(), "tandem-vs-croquet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("runs the vs-croquet suite in quick mode", { timeout: 180_000 }, () => {
  const out = join(dir, "vs.json");
  const { rows } = runBench({ quick: true, only: "vs-croquet", out, log: () => {} });
  const withCroquet = croquetInstalled();
  const ids = rows.map((r) => r.id);
  const always = ["vs-croquet-sim-fixed", "vs-croquet-sim-10k", "vs-croquet-sim-100k", "vs-croquet-snapshot-10k", "vs-croquet-catchup-10k", "vs-croquet-heap-100k", "vs-croquet-bundle"];
  expect(ids).toEqual(withCroquet ? [...VS_CROQUET_ROWS] : always);
  for (const r of rows) {
    expect(Number.isFinite(r.tandem), `${r.id}.tandem`).toBe(true);
    expect(r.tandem, `${r.id}.tandem`).toBeGreaterThan(0);
    expect(r.pass).toBeNull(); // quick mode judges nothing
    if (withCroquet) {
      expect(Number.isFinite(r.baseline), `${r.id}.baseline`).toBe(true);
      expect(Number.isFinite(r.ratio), `${r.id}.ratio`).toBe(true);
    } else {
      expect(r.baseline).toBeNull();
      expect(r.workload).toContain("not run");
    }
  }
  const written = JSON.parse(readFileSync(out, "utf8")) as Row[];
  expect(written.map((r) => r.id)).toEqual(ids);
});
