// Runs one side of one vs-croquet workload alone for a while, for a clean CPU profile:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/vs-croquet-profile.ts <workload> <side> [n] [seconds]
// workload: sim (fixed steps, catch-up) | catchup (60 s of stream with one spawn/remove per second)
// side: tandem | croquet (per-object models) | croquet-arrays
// Prints the rate it reached, so the profile can be read against the bench table.
import { loadCroquet, startCroquet } from "./vs-croquet-croquet.ts";
import { startTandem, startTandemClient } from "./vs-croquet-tandem.ts";

const [workload = "sim", side = "tandem", nArg = "10000", secondsArg = "10"] = process.argv.slice(2);
const n = Number(nArg);
const budgetMs = Number(secondsArg) * 1000;

async function stepper(): Promise<(steps: number) => number> {
  if (side === "tandem") {
    if (workload === "catchup") {
      const c = startTandemClient(n);
      return () => c.catchUp(60);
    }
    const t = startTandem(n);
    return (k) => t.step(k);
  }
  if (side !== "croquet" && side !== "croquet-arrays") throw new Error(`unknown side ${side}`);
  loadCroquet();
  const c = await startCroquet(side === "croquet" ? "objects" : "arrays", n);
  return workload === "catchup" ? () => c.catchUp(60) : (k) => c.step(k);
}

const run = await stepper();
const perCall = workload === "catchup" ? 3600 : Math.max(1, Math.round(600_000 / Math.max(1, n)));
let steps = 0;
const t0 = performance.now();
while (performance.now() - t0 < budgetMs) steps += run(perCall);
const ms = performance.now() - t0;
console.log(`${workload} ${side} n=${n}: ${steps} steps in ${ms.toFixed(0)} ms wall — ${((steps * 1000) / ms).toFixed(0)} steps/s, ${((ms * 1e6) / (steps * Math.max(1, n))).toFixed(2)} ns/entity-step`);
process.exit(0);
