// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file,
// and inclusive time of the functions that matter most. For reading reflector profiles taken
// with `fanout-driver.ts --profile-dir DIR`.
//
//   node --import tsx bench/load/cpuprofile-summary.ts FILE.cpuprofile [--top 30] [--match reflector/src]
//        [--from-ms T] [--to-ms T]   (only samples in this span, ms after the profile started)
// Percentages are of the busy (non-idle) time; a per-second timeline of busy time comes first.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
  hitCount?: number;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values: a, positionals } = parseArgs({
  options: { top: { type: "string", default: "30" }, match: { type: "string" }, "from-ms": { type: "string" }, "to-ms": { type: "string" } },
  allowPositionals: true,
  strict: true,
});
const file = positionals[0];
if (!file) throw new Error("usage: cpuprofile-summary.ts FILE.cpuprofile [--top N] [--match substring]");
const top = Number(a.top);
const p = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(p.nodes.map((n) => [n.id, n]));
const isIdle = (id: number) => byId.get(id)!.callFrame.functionName === "(idle)";
// self time per node from the samples and their time deltas (µs), within [from, to)
const from = a["from-ms"] === undefined ? -Infinity : Number(a["from-ms"]) * 1000;
const to = a["to-ms"] === undefined ? Infinity : Number(a["to-ms"]) * 1000;
const self = new Map<number, number>();
const timeline: number[] = [];
let at = 0;
for (let i = 0; i < p.samples.length; i++) {
  const d = p.timeDeltas[i] ?? 0;
  at += d;
  const id = p.samples[i]!;
  if (!isIdle(id)) timeline[Math.floor(at / 1e6)] = (timeline[Math.floor(at / 1e6)] ?? 0) + d;
  if (at < from || at >= to) continue;
  self.set(id, (self.get(id) ?? 0) + d);
}
console.log(`busy ms per second of the profile: ${Array.from(timeline, (v, i) => `${i}s:${Math.round((v ?? 0) / 1000)}`).join(" ")}`);
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const short = (url: string) => url.replace(/^file:\/\/.*?\/(node_modules|engine|reflector|bench)\//, "$1/").replace(/^node:/, "node:");
const label = (n: Node) => `${n.callFrame.functionName || "(anonymous)"} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const total = [...self].filter(([id]) => !isIdle(id)).reduce((x, [, y]) => x + y, 0);
let idleUs = 0;
for (const [id, v] of [...self]) {
  if (!isIdle(id)) continue;
  idleUs += v;
  self.delete(id);
}
const special = [...self].filter(([id]) => ["(program)", "(garbage collector)"].includes(byId.get(id)!.callFrame.functionName));

function table(title: string, m: Map<string, number>): void {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${((100 * v) / total).toFixed(1).padStart(6)} %  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
}

console.log(`${file}: ${(total / 1000).toFixed(0)} ms busy, ${(idleUs / 1000).toFixed(0)} ms idle in the span (percentages below are of the busy time); ${special.map(([id, v]) => `${byId.get(id)!.callFrame.functionName} ${((100 * v) / total).toFixed(1)} %`).join(", ")}`);

const selfBy = new Map<string, number>();
const fileBy = new Map<string, number>();
for (const [id, v] of self) {
  const n = byId.get(id)!;
  selfBy.set(label(n), (selfBy.get(label(n)) ?? 0) + v);
  const f = short(n.callFrame.url) || `(${n.callFrame.functionName})`;
  fileBy.set(f, (fileBy.get(f) ?? 0) + v);
}
table("self time by function", selfBy);
table("self time by file", fileBy);

// inclusive time: each sample counts once for every distinct function on its stack
const incl = new Map<string, number>();
for (const [id, v] of self) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (seen.has(l)) continue;
    seen.add(l);
    incl.set(l, (incl.get(l) ?? 0) + v);
  }
}
const m = a.match;
table(`inclusive time${m ? ` (functions in files matching ${m})` : ""}`, new Map([...incl].filter(([k]) => !m || k.includes(m))));
