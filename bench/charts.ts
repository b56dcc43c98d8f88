// Scaling charts (SVG) drawn from benchmark rows: per-step cost vs entity count (Tandem vs
// Croquet) and p99 latency vs client count (Tandem vs a bare ws relay). Written by
// `npm run bench` next to docs/performance.md whenever a full run has the rows they need.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Row } from "./harness.ts";

interface Series {
  name: string;
  colour: string;
  /** Drawn dashed (a second set-up of the same system). */
  dashed?: boolean;
  points: { x: number; y: number }[];
}

interface Chart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
}

const W = 560, H = 340, L = 70, R = 20, T = 40, B = 50;

/** A log-log line chart: both axes span orders of magnitude in these workloads. */
export function renderChart(c: Chart): string {
  const all = c.series.flatMap((s) => s.points);
  const lx = (v: number) => Math.log10(v);
  const [x0, x1] = [Math.min(...all.map((p) => lx(p.x))), Math.max(...all.map((p) => lx(p.x)))];
  const [y0, y1] = [Math.floor(Math.min(...all.map((p) => lx(p.y)))), Math.ceil(Math.max(...all.map((p) => lx(p.y))))];
  const px = (v: number) => L + ((lx(v) - x0) / (x1 - x0 || 1)) * (W - L - R);
  const py = (v: number) => H - B - ((lx(v) - y0) / (y1 - y0 || 1)) * (H - T - B);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${c.title}</text>`,
    `<text x="${W / 2}" y="${H - 12}" text-anchor="middle">${c.xLabel}</text>`,
    `<text x="16" y="${H / 2}" text-anchor="middle" transform="rotate(-90 16 ${H / 2})">${c.yLabel}</text>`,
  ];
  for (let e = y0; e <= y1; e++) {
    const y = py(10 ** e);
    out.push(`<line x1="${L}" x2="${W - R}" y1="${y}" y2="${y}" stroke="#ddd"/>`, `<text x="${L - 6}" y="${y + 4}" text-anchor="end">${fmt(10 ** e)}</text>`);
  }
  for (const x of [...new Set(all.map((p) => p.x))]) out.push(`<text x="${px(x)}" y="${H - B + 16}" text-anchor="middle">${fmt(x)}</text>`);
  c.series.forEach((s, i) => {
    const pts = s.points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(" ");
    const dash = s.dashed ? ` stroke-dasharray="7 5"` : "";
    out.push(`<polyline points="${pts}" fill="none" stroke="${s.colour}" stroke-width="2.5"${dash}/>`);
    for (const p of s.points) out.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="4" fill="${s.colour}"><title>${s.name}: ${fmt(p.y)} at ${fmt(p.x)}</title></circle>`);
    out.push(`<rect x="${W - R - 190}" y="${T + 4 + i * 18}" width="12" height="12" fill="${s.colour}"/>`, `<text x="${W - R - 172}" y="${T + 14 + i * 18}">${s.name}</text>`);
  });
  out.push("</svg>");
  return out.join("\n");
}

function fmt(v: number): string {
  if (v >= 1000) return `${Number((v / 1000).toPrecision(3))}k`;
  return Number(v.toPrecision(3)).toString();
}

function find(rows: readonly Row[], id: string): Row | undefined {
  return rows.find((r) => r.id === id);
}

/** Writes the charts whose rows are present; returns the files written. */
export function writeCharts(rows: readonly Row[], dir: string): string[] {
  const written: string[] = [];
  const save = (name: string, chart: Chart) => {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, name);
    writeFileSync(file, renderChart(chart));
    written.push(file);
  };
  // per entity-step cost: the 1-entity row is µs per step = 1000 ns per entity-step
  const sim = [
    { n: 1, row: find(rows, "vs-croquet-sim-fixed"), scale: 1000 },
    { n: 10_000, row: find(rows, "vs-croquet-sim-10k"), scale: 1 },
    { n: 100_000, row: find(rows, "vs-croquet-sim-100k"), scale: 1 },
  ];
  if (sim.every((s) => s.row && s.row.baseline !== null)) {
    save("scaling-sim.svg", {
      title: "Simulation cost per entity-step (lower is better)",
      xLabel: "entities",
      yLabel: "ns per entity-step",
      series: [
        { name: "Tandem", colour: "#2a7de1", points: sim.map((s) => ({ x: s.n, y: s.row!.tandem * s.scale })) },
        { name: "Croquet 2.0.4", colour: "#e1742a", points: sim.map((s) => ({ x: s.n, y: s.row!.baseline! * s.scale })) },
      ],
    });
  }
  // p99 vs clients, for both send patterns (see Phases in load/fanout-scenarios.ts)
  const spread = [2, 8, 32, 64, 128].map((n) => ({ n, row: find(rows, `fanout-${n}-probe-p99`) }));
  const aligned = [8, 32, 64, 128].map((n) => ({ n, row: find(rows, `fanout-${n}-aligned-probe-p99`) }));
  const complete = (fs: { row: Row | undefined }[]) => fs.every((f) => f.row && f.row.baseline !== null);
  if (complete(spread) && complete(aligned)) {
    const points = (fs: { n: number; row: Row | undefined }[], pick: (r: Row) => number) => fs.map((f) => ({ x: f.n, y: pick(f.row!) }));
    save("scaling-fanout.svg", {
      title: "Reflector p99 latency, one session, 60 events/s per client",
      xLabel: "clients",
      yLabel: "p99 send → receive at a client in its own process (ms)",
      series: [
        { name: "Tandem, spread sends", colour: "#2a7de1", points: points(spread, (r) => r.tandem) },
        { name: "bare ws relay, spread", colour: "#e1742a", points: points(spread, (r) => r.baseline!) },
        { name: "Tandem, aligned sends", colour: "#2a7de1", dashed: true, points: points(aligned, (r) => r.tandem) },
        { name: "bare ws relay, aligned", colour: "#e1742a", dashed: true, points: points(aligned, (r) => r.baseline!) },
      ],
    });
  }
  return written;
}
