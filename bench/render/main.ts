// The render bench page (bench/render/run.ts drives it in headless Chromium): per frame it
// times the main-thread JS work of drawing N bouncing sprites, either through Tandem (the Swarm
// model in an in-page createTestSession whose clock follows real time, drawn by
// createWorldRenderer's interpolating ParticleContainer) or through a bare PixiJS loop (same
// texture, same ParticleContainer and Particle setup, same move + bounce math in plain typed
// arrays, positions written straight into the particles). One PixiJS app (WebGL) for all runs;
// the page drives its own requestAnimationFrame loop and calls app.renderer.render itself.
import { Container, Particle, ParticleContainer } from "pixi.js";
import { createTestSession } from "tandem";
import { createPixiApp, createWorldRenderer } from "tandem/pixi";
import { HEIGHT, Position, Swarm, WIDTH, type SwarmOptions } from "../../games/swarm/model.ts";
import { dotTexture } from "../../games/swarm/view.ts";
import { seededRandom } from "../seeded-random.ts";
import type { RenderBenchApi, RenderPageInfo, RenderRunResult, RenderRunSpec } from "./protocol.ts";

declare global {
  interface Window {
    renderBench?: RenderBenchApi;
  }
}

const VIEW_W = 1000;
const VIEW_H = 700;
/** The Swarm view's tints, set once per particle in both modes. */
const TINTS = [0x5aa9ff, 0x7ee0c3, 0xf5b700, 0xf07178, 0xc792ea, 0x89ddff];

const app = await createPixiApp({ width: VIEW_W, height: VIEW_H, autoStart: false, resolution: 1 });
app.ticker.stop();
// the 1000 × 1000 world fitted into the 700 px high canvas, as fitWorld would
const layer = app.stage.addChild(new Container({ label: "world" }));
layer.scale.set(VIEW_H / HEIGHT);

// the Swarm view's own dot, so both loops draw the same pixels
const texture = dotTexture();

/** One mode's scene: `frame()` does one frame's work and fills the timing slots. */
interface Scene {
  frame(t: Timing): void;
  drawn(): number;
  destroy(): void;
}

interface Timing {
  model: number;
  update: number;
  render: number;
  recorded: boolean;
}

function render(): void {
  app.renderer.render({ container: app.stage });
}

function tandemScene(n: number): Scene {
  const session = createTestSession({ model: Swarm, options: { initial: n } satisfies SwarmOptions, sessionId: `render-bench-${n}` });
  const client = session.join();
  const world = client.model.world;
  const renderer = createWorldRenderer(world, layer, {
    position: Position,
    texture,
    setup: (p, eid) => {
      p.tint = TINTS[eid % TINTS.length]!;
    },
  });
  let last = performance.now();
  let steps = world.stepCount;
  return {
    frame(t) {
      const a = performance.now();
      session.advance(a - last); // the model: reflector ticks every 50 ms, 3 steps each
      last = a;
      const b = performance.now();
      renderer.update(b); // interpolate + write the particles
      const c = performance.now();
      render();
      const d = performance.now();
      t.model = b - a;
      t.update = c - b;
      t.render = d - c;
      t.recorded = world.stepCount !== steps;
      steps = world.stepCount;
    },
    drawn: () => renderer.frame?.count ?? 0,
    destroy() {
      renderer.destroy();
      session.close();
    },
  };
}

function bareScene(n: number): Scene {
  const x = new Float32Array(n), y = new Float32Array(n), vx = new Float32Array(n), vy = new Float32Array(n);
  const random = seededRandom(n);
  const particles: Particle[] = [];
  for (let i = 0; i < n; i++) {
    x[i] = random() * WIDTH;
    y[i] = random() * HEIGHT;
    vx[i] = (random() - 0.5) * 200;
    vy[i] = (random() - 0.5) * 200;
    const p = new Particle({ texture, anchorX: 0.5, anchorY: 0.5, scaleX: 1, scaleY: 1 });
    p.tint = TINTS[(i + 1) % TINTS.length]!;
    particles.push(p);
  }
  const container = new ParticleContainer({ texture, dynamicProperties: { position: true, rotation: false } });
  container.particleChildren = particles;
  container.update();
  layer.addChild(container);
  let last = performance.now();
  return {
    frame(t) {
      const a = performance.now();
      const dt = Math.min(a - last, 100) / 1000;
      last = a;
      for (let i = 0; i < n; i++) {
        let px = x[i]! + vx[i]! * dt, py = y[i]! + vy[i]! * dt;
        if (px < 0) { px = -px; vx[i] = -vx[i]!; }
        else if (px > WIDTH) { px = 2 * WIDTH - px; vx[i] = -vx[i]!; }
        if (py < 0) { py = -py; vy[i] = -vy[i]!; }
        else if (py > HEIGHT) { py = 2 * HEIGHT - py; vy[i] = -vy[i]!; }
        x[i] = px;
        y[i] = py;
        const p = particles[i]!;
        p.x = px;
        p.y = py;
      }
      const b = performance.now();
      render();
      const c = performance.now();
      t.model = 0;
      t.update = b - a;
      t.render = c - b;
      t.recorded = false;
    },
    drawn: () => container.particleChildren.length,
    destroy() {
      container.destroy({ children: false, texture: false });
    },
  };
}

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

async function run(spec: RenderRunSpec): Promise<RenderRunResult> {
  const scene = spec.mode === "tandem" ? tandemScene(spec.n) : bareScene(spec.n);
  const out: RenderRunResult = { spec, model: [], update: [], render: [], view: [], total: [], interval: [], recordedFrames: 0, drawn: 0 };
  const t: Timing = { model: 0, update: 0, render: 0, recorded: false };
  try {
    let prev = NaN;
    for (let i = 0; i < spec.warmup + spec.frames; i++) {
      const stamp = await nextFrame();
      scene.frame(t);
      if (i < spec.warmup) {
        prev = stamp;
        continue;
      }
      out.model.push(t.model);
      out.update.push(t.update);
      out.render.push(t.render);
      out.view.push(t.update + t.render);
      out.total.push(t.model + t.update + t.render);
      if (!Number.isNaN(prev)) out.interval.push(stamp - prev);
      prev = stamp;
      if (t.recorded) out.recordedFrames++;
    }
    out.drawn = scene.drawn();
  } finally {
    scene.destroy();
  }
  render(); // leave an empty stage
  return out;
}

function info(): RenderPageInfo {
  let res = Infinity;
  let last = performance.now();
  for (let i = 0; i < 200_000 && res > 0.001; i++) {
    const now = performance.now();
    if (now !== last) {
      res = Math.min(res, now - last);
      last = now;
    }
  }
  const gl = (app.renderer as unknown as { gl?: WebGLRenderingContext }).gl;
  const dbg = gl?.getExtension("WEBGL_debug_renderer_info");
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    timerResolutionMs: res,
    renderer: app.renderer.name,
    glRenderer: gl ? String(dbg ? gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) : "none",
    userAgent: navigator.userAgent,
    width: app.renderer.width,
    height: app.renderer.height,
  };
}

window.renderBench = { info, run };
