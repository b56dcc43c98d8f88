// Test helper (not a test): a reflector heartbeat seen by one client, frame by frame — ticks
// stamped every tickMs of model time arrive after latency + jitter, steps of stepMs run up
// to each arrival's model time, and frames sample it all at the display rate.

export interface SimOptions {
  tickMs?: number;
  stepMs?: number;
  latency?: number;
  jitter?: number;
  frameMs?: number;
  seconds?: number;
  seed?: number;
  /** Extra delay added to arrivals from this local time on (a latency change). */
  latencyStepAt?: number;
  latencyStep?: number;
}

export interface SimFrame {
  now: number;
  modelTime: number;
  newest: number;
}

/** Small deterministic LCG, so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

export function simulate(o: SimOptions = {}): SimFrame[] {
  const tickMs = o.tickMs ?? 50, stepMs = o.stepMs ?? 1000 / 60, latency = o.latency ?? 30, jitter = o.jitter ?? 10;
  const frameMs = o.frameMs ?? 1000 / 60, seconds = o.seconds ?? 12;
  const rand = lcg(o.seed ?? 1);
  const arrivals: { at: number; time: number }[] = [];
  let last = 0;
  for (let k = 1; k * tickMs < seconds * 1000 + 1000; k++) {
    const sent = k * tickMs;
    const extra = o.latencyStepAt !== undefined && sent >= o.latencyStepAt ? (o.latencyStep ?? 0) : 0;
    last = Math.max(last, sent + latency + extra + jitter * rand()); // one ordered stream
    arrivals.push({ at: last, time: sent });
  }
  const frames: SimFrame[] = [];
  let modelTime = 0, next = 0;
  for (let now = 3.3; now < seconds * 1000; now += frameMs) {
    while (next < arrivals.length && arrivals[next]!.at <= now) modelTime = arrivals[next++]!.time;
    const steps = Math.floor((modelTime * 1) / stepMs + 1e-9);
    frames.push({ now, modelTime, newest: steps * stepMs });
  }
  return frames;
}
