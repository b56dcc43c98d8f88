// Stats overlay: frame rate, ping (when the session measures it), tick lag (how far model
// time trails the local clock's estimate of it: a sawtooth up to the tick interval when
// healthy, spikes when the reflector or the network stalls) and backlogs (messages waiting
// to be applied, events waiting for the reflector), each with a live plot of the last N
// samples. Runs on its own animation frame; sampling and drawing are cheap.
import { ModelClock } from "../model-clock.ts";
import { SampleRing } from "./ring-buffer.ts";
import type { WidgetSession } from "./session-like.ts";
import { formatStat } from "./status-text.ts";
import { el, injectStyles, type Corner } from "./styles.ts";

export interface StatsOptions {
  parent?: HTMLElement;
  /** Default "top-left". */
  corner?: Corner;
  /** Samples kept per plot (default 120). */
  samples?: number;
  /** Sampling interval in ms (default 250: 30 s of history). */
  intervalMs?: number;
}

export interface StatsOverlay {
  readonly element: HTMLElement;
  /** The sampled series, by row name (fps, ping, lag, in, out). */
  readonly series: ReadonlyMap<string, SampleRing>;
  visible: boolean;
  destroy(): void;
}

interface Row {
  name: string;
  unit: string;
  color: string;
  /** Plots never scale below this, so small noise does not look like a storm. */
  floor: number;
  read: (s: Sample) => number | undefined;
  ring: SampleRing;
  value: HTMLElement;
  canvas: HTMLCanvasElement;
}

interface Sample {
  fps: number;
  lag: number;
  ping: number | undefined;
  pending: number | undefined;
  unacknowledged: number | undefined;
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function drawPlot(canvas: HTMLCanvasElement, ring: SampleRing, color: string, floor: number): void {
  const dpr = Math.min(2, globalThis.devicePixelRatio ?? 1);
  const w = 96 * dpr, h = 18 * dpr;
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.clearRect(0, 0, w, h);
  const n = ring.length;
  if (n === 0) return;
  const max = Math.max(floor, ring.max());
  const dx = w / Math.max(1, ring.capacity - 1);
  const x0 = w - (n - 1) * dx; // newest sample at the right edge
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const v = ring.get(i);
    const y = h - 1 - (Number.isFinite(v) ? (Math.max(0, v) / max) * (h - 2) : 0);
    if (i === 0) ctx.moveTo(x0, y);
    else ctx.lineTo(x0 + i * dx, y);
  }
  ctx.strokeStyle = color;
  ctx.lineWidth = dpr;
  ctx.stroke();
}

export function createStatsOverlay(session: WidgetSession, options: StatsOptions = {}): StatsOverlay {
  injectStyles();
  const corner = options.corner ?? "top-left";
  const capacity = options.samples ?? 120;
  const interval = options.intervalMs ?? 250;
  const root = el("div", `tandem-w tandem-stats tandem-fixed tandem-${corner}`);
  root.setAttribute("aria-hidden", "true");

  const rows: Row[] = [];
  const addRow = (name: string, label: string, unit: string, color: string, floor: number, read: Row["read"]): void => {
    const value = el("span", "tandem-stats-value", "–");
    const canvas = el("canvas", "");
    root.append(el("span", "tandem-stats-label", label), value, canvas);
    rows.push({ name, unit, color, floor, read, ring: new SampleRing(capacity), value, canvas });
  };
  addRow("fps", "fps", "", "#3ecf6e", 60, (s) => s.fps);
  addRow("ping", "ping", "ms", "#5aa9ff", 50, (s) => s.ping);
  addRow("lag", "tick lag", "ms", "#f0b429", 60, (s) => s.lag);
  addRow("in", "backlog in", "", "#c678dd", 10, (s) => s.pending);
  addRow("out", "backlog out", "", "#ef5350", 10, (s) => s.unacknowledged);

  const clock = new ModelClock();
  let frames = 0, maxLag = 0, windowStart = NaN, raf = 0, visible = true, destroyed = false;

  const sample = (now: number): void => {
    const elapsed = now - windowStart;
    const s: Sample = {
      fps: (frames * 1000) / elapsed,
      lag: maxLag,
      ping: num(session.ping),
      pending: num(session.pending),
      unacknowledged: num(session.unacknowledged),
    };
    for (const r of rows) {
      const v = r.read(s);
      r.ring.push(v ?? NaN);
      r.value.textContent = formatStat(v, r.unit);
      if (visible) drawPlot(r.canvas, r.ring, r.color, r.floor);
    }
    frames = 0;
    maxLag = 0;
    windowStart = now;
  };

  const frame = (now: number): void => {
    if (destroyed) return;
    if (Number.isNaN(windowStart)) windowStart = now;
    frames++;
    const rt = session.runtime;
    if (rt) {
      clock.observe(rt.time, now);
      maxLag = Math.max(maxLag, clock.lag(now));
    }
    if (now - windowStart >= interval) sample(now);
    raf = requestAnimationFrame(frame);
  };
  raf = requestAnimationFrame(frame);
  (options.parent ?? document.body).appendChild(root);

  return {
    element: root,
    series: new Map(rows.map((r) => [r.name, r.ring])),
    get visible() {
      return visible;
    },
    set visible(v: boolean) {
      visible = v;
      root.hidden = !v;
    },
    destroy() {
      destroyed = true;
      cancelAnimationFrame(raf);
      root.remove();
    },
  };
}
