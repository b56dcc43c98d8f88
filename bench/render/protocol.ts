// What bench/render/run.ts (Node) and bench/render/main.ts (the page) exchange. No imports:
// both sides load it.

/** "tandem": Swarm in an in-page createTestSession drawn by createWorldRenderer; "bare": a plain PixiJS loop. */
export type RenderMode = "tandem" | "bare";

export interface RenderRunSpec {
  mode: RenderMode;
  /** Sprites (entities). */
  n: number;
  /** Frames run before measuring (JIT, buffer uploads, the adaptive playout delay settling). */
  warmup: number;
  /** Frames measured. */
  frames: number;
}

/**
 * Per measured frame, ms of main-thread work (performance.now() around synchronous calls):
 * - model: Tandem's session.advance (model stepping; 0 for bare),
 * - update: Tandem's renderer.update (interpolate + write particles) / bare move + bounce + write,
 * - render: app.renderer.render(stage) (scene walk, buffer packing/upload, GL command submission),
 * - view = update + render, total = model + view.
 */
export interface RenderRunResult {
  spec: RenderRunSpec;
  model: number[];
  update: number[];
  render: number[];
  view: number[];
  total: number[];
  /** rAF intervals over the measured frames (ms): the frame rate the page got. */
  interval: number[];
  /** Frames (of the measured ones) in which the world recorded a new step (Tandem only). */
  recordedFrames: number;
  /** Sprites drawn at the end (checks the scene really holds n). */
  drawn: number;
}

export interface RenderPageInfo {
  crossOriginIsolated: boolean;
  /** Smallest non-zero performance.now() step seen (ms). */
  timerResolutionMs: number;
  renderer: string;
  glRenderer: string;
  userAgent: string;
  width: number;
  height: number;
}

export interface RenderBenchApi {
  info(): RenderPageInfo;
  run(spec: RenderRunSpec): Promise<RenderRunResult>;
}
