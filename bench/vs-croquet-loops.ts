// Loop-shape microbench behind the vs-croquet findings (not part of `npm run bench`): the Swarm
// move + bounce math over N entities written six ways, interleaved, CPU time per entity-step.
//   node --import tsx bench/vs-croquet-loops.ts [n=10000] [rounds=40]
// "tandem-like" is what games/swarm does today (two systems, each looping over the sorted query
// ids and indexing Float32Array stores); "objects" is what a Croquet game does (one method per
// object, double fields).
import { cpuNow, seededRandom } from "./harness.ts";

const N = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 40);
const W = 1000, H = 1000, DT = 1 / 60;

type Arr = Float32Array | Float64Array;
interface Cols { px: Arr; py: Arr; vx: Arr; vy: Arr; ids: Uint32Array }

function columns(Kind: Float32ArrayConstructor | Float64ArrayConstructor): Cols {
  const r = seededRandom(N), cap = N + 1; // ids start at 1, like bitECS
  const c: Cols = { px: new Kind(cap), py: new Kind(cap), vx: new Kind(cap), vy: new Kind(cap), ids: Uint32Array.from({ length: N }, (_, i) => i + 1) };
  for (let e = 1; e <= N; e++) {
    c.px[e] = r() * W;
    c.py[e] = r() * H;
    c.vx[e] = (r() - 0.5) * 200;
    c.vy[e] = (r() - 0.5) * 200;
  }
  return c;
}

function move(c: Cols): void {
  const { ids, px, py, vx, vy } = c;
  for (let i = 0; i < ids.length; i++) {
    const e = ids[i]!;
    px[e] = px[e]! + vx[e]! * DT;
    py[e] = py[e]! + vy[e]! * DT;
  }
}
function bounce(c: Cols): void {
  const { ids, px, py, vx, vy } = c;
  for (let i = 0; i < ids.length; i++) {
    const e = ids[i]!;
    if (px[e]! < 0) { px[e] = -px[e]!; vx[e] = -vx[e]!; } else if (px[e]! > W) { px[e] = 2 * W - px[e]!; vx[e] = -vx[e]!; }
    if (py[e]! < 0) { py[e] = -py[e]!; vy[e] = -vy[e]!; } else if (py[e]! > H) { py[e] = 2 * H - py[e]!; vy[e] = -vy[e]!; }
  }
}
/** One pass per entity: x/y in locals, written back once. */
function fusedBody(px: Arr, py: Arr, vx: Arr, vy: Arr, e: number): void {
  let x = px[e]! + vx[e]! * DT, y = py[e]! + vy[e]! * DT;
  if (x < 0) { x = -x; vx[e] = -vx[e]!; } else if (x > W) { x = 2 * W - x; vx[e] = -vx[e]!; }
  if (y < 0) { y = -y; vy[e] = -vy[e]!; } else if (y > H) { y = 2 * H - y; vy[e] = -vy[e]!; }
  px[e] = x;
  py[e] = y;
}
function fused(c: Cols): void {
  const { ids, px, py, vx, vy } = c;
  for (let i = 0; i < ids.length; i++) fusedBody(px, py, vx, vy, ids[i]!);
}
/** Contiguous ids 1..N: no indirection through the query array. */
function fusedDense(c: Cols): void {
  const { px, py, vx, vy } = c;
  for (let e = 1; e <= N; e++) fusedBody(px, py, vx, vy, e);
}
function denseTwoPass(c: Cols): void {
  const { px, py, vx, vy } = c;
  for (let e = 1; e <= N; e++) {
    px[e] = px[e]! + vx[e]! * DT;
    py[e] = py[e]! + vy[e]! * DT;
  }
  for (let e = 1; e <= N; e++) {
    if (px[e]! < 0) { px[e] = -px[e]!; vx[e] = -vx[e]!; } else if (px[e]! > W) { px[e] = 2 * W - px[e]!; vx[e] = -vx[e]!; }
    if (py[e]! < 0) { py[e] = -py[e]!; vy[e] = -vy[e]!; } else if (py[e]! > H) { py[e] = 2 * H - py[e]!; vy[e] = -vy[e]!; }
  }
}

class Ball {
  // `declare` + assignment: no field is first defined as undefined (with useDefineForClassFields a
  // parameter property or an uninitialised field would be, which makes V8 box every double write)
  declare x: number;
  declare y: number;
  declare vx: number;
  declare vy: number;
  constructor(x: number, y: number, vx: number, vy: number) {
    this.x = x;
    this.y = y;
    this.vx = vx;
    this.vy = vy;
  }
  step(dt: number): void {
    this.x += this.vx * dt;
    this.y += this.vy * dt;
    if (this.x < 0) { this.x = -this.x; this.vx = -this.vx; } else if (this.x > W) { this.x = 2 * W - this.x; this.vx = -this.vx; }
    if (this.y < 0) { this.y = -this.y; this.vy = -this.vy; } else if (this.y > H) { this.y = 2 * H - this.y; this.vy = -this.vy; }
  }
}

const src = columns(Float64Array);
const balls = Array.from({ length: N }, (_, i) => new Ball(src.px[i + 1]!, src.py[i + 1]!, src.vx[i + 1]!, src.vy[i + 1]!));
const c1 = columns(Float32Array), c2 = columns(Float32Array), c3 = columns(Float32Array), c4 = columns(Float32Array), c5 = columns(Float64Array);
const variants: [string, () => void][] = [
  ["tandem-like: f32, 2 passes over query ids", () => { move(c1); bounce(c1); }],
  ["f32, 2 passes, contiguous ids (no indirection)", () => denseTwoPass(c2)],
  ["f32, 1 fused pass over query ids", () => fused(c3)],
  ["f32, 1 fused pass, contiguous ids", () => fusedDense(c4)],
  ["f64, 2 passes over query ids", () => { move(c5); bounce(c5); }],
  ["objects (Croquet style): 1 method per object, doubles", () => { for (let i = 0; i < balls.length; i++) balls[i]!.step(DT); }],
];

const steps = Math.max(1, Math.round(2e6 / N));
const samples = new Map<string, number[]>(variants.map(([k]) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of round % 2 === 0 ? variants : [...variants].reverse()) {
    const t0 = cpuNow();
    for (let s = 0; s < steps; s++) fn();
    samples.get(name)!.push(((cpuNow() - t0) * 1e6) / (steps * N));
  }
}
console.log(`${N} entities, ${steps} steps per sample, ${ROUNDS} rounds, CPU time — ns/entity-step`);
for (const [name, v] of samples) {
  v.sort((a, b) => a - b);
  console.log(`${name.padEnd(56)} median ${v[v.length >> 1]!.toFixed(2).padStart(6)}  min ${v[0]!.toFixed(2).padStart(6)}`);
}
