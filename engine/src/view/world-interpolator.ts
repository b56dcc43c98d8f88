// Renderer-independent core of the interpolating world renderer: each frame it records the
// world's positions when a step ran, notices entities appearing and disappearing, picks the
// model time to draw (RenderClock) and fills dense x/y(/rotation) arrays aligned with the
// drawn entity ids. The PixiJS renderer (pixi/world-renderer.ts) only copies those arrays
// into sprites; a canvas-2D or three.js renderer could do the same. No DOM, no PixiJS.
import type { Component } from "../model/component.ts";
import type { World } from "../model/world.ts";
import { lerpAngles, lerpPositions } from "./interpolate.ts";
import { RenderClock, type RenderClockOptions } from "./render-clock.ts";
import { diffSorted } from "./sorted-diff.ts";
import { StepHistory, type Bracket } from "./step-history.ts";

/** A component's x/y fields (default "x" and "y"). */
export interface PositionSource {
  component: Component;
  x?: string;
  y?: string;
}

/** A component field holding an angle in radians (default "angle", "rotation", or the only field). */
export interface AngleSource {
  component: Component;
  field?: string;
}

export interface WorldInterpolatorOptions extends RenderClockOptions {
  /** Where entities are: a component with x/y fields, or `{ component, x, y }` naming them. */
  position: Component | PositionSource;
  /** Optional rotation in radians, blended along the shorter arc. */
  rotation?: Component | AngleSource;
  /** Only entities that also have all of these are drawn. */
  with?: readonly Component[];
  /** World states kept to interpolate between (default 8: covers a 50 ms tick at 60 Hz steps twice over). */
  history?: number;
  /** Entities moving further than this between two states jump instead of sliding (default: never). */
  snapDistance?: number;
  /** Model time source (default: the world's runtime time, `world.now()`). */
  modelTime?: () => number;
  /** Called when an entity starts being drawn (before its first position is written). */
  onEnter?: (eid: number) => void;
  /** Called when an entity stops being drawn. */
  onExit?: (eid: number) => void;
}

/** One frame's output. Arrays are reused across frames; entries [0, count) are valid. */
export interface InterpolatedFrame {
  /** Drawn entity ids, ascending. */
  ids: Uint32Array;
  count: number;
  x: Float32Array;
  y: Float32Array;
  /** Present when a rotation source was given. */
  rotation: Float32Array | null;
  /** Model time drawn. */
  renderTime: number;
  /** Model time of the newest recorded step. */
  newestTime: number;
  /** Blend between the two states drawn (0..1). */
  alpha: number;
  /** Entities entered or left since the last frame: ids (and any list aligned to them) changed. */
  structureChanged: boolean;
  /** Anything drawn may differ from the last frame (false: the renderer may skip writing). */
  moved: boolean;
}

type FieldMap = Record<string, ArrayLike<number>>;

function positionSource(p: Component | PositionSource): Required<PositionSource> {
  const src = "component" in p ? p : { component: p };
  const r = { component: src.component, x: src.x ?? "x", y: src.y ?? "y" };
  for (const f of [r.x, r.y]) {
    if (!r.component.fields.includes(f)) throw new Error(`position: component ${r.component.name} has no field "${f}" (fields: ${r.component.fields.join(", ")}); pass { component, x: "…", y: "…" }`);
  }
  return r;
}

function angleSource(a: Component | AngleSource): Required<AngleSource> {
  const src = "component" in a ? a : { component: a };
  const fields = src.component.fields;
  const field = src.field ?? (fields.includes("angle") ? "angle" : fields.includes("rotation") ? "rotation" : fields.length === 1 ? fields[0]! : "");
  if (!fields.includes(field)) throw new Error(`rotation: component ${src.component.name} has no field "${field || "angle"}" (fields: ${fields.join(", ")}); pass { component, field: "…" }`);
  return { component: src.component, field };
}

const EMPTY = new Uint32Array(0);

export class WorldInterpolator {
  readonly clock: RenderClock;
  readonly history: StepHistory;
  private readonly pos: Required<PositionSource>;
  private readonly rot: Required<AngleSource> | null;
  private readonly query: Component[];
  private readonly snapSq: number;
  private readonly sources: ArrayLike<number>[] = [];
  private readonly bracket: Bracket = { a: 0, b: 0, alpha: 0 };
  private readonly frame: InterpolatedFrame;
  private lastStepCount = -1;
  private lastIds: Uint32Array = EMPTY;
  private lastA = -1;
  private lastB = -1;
  private lastAlpha = NaN;
  private changed = false;

  constructor(readonly world: World, private readonly options: WorldInterpolatorOptions) {
    this.pos = positionSource(options.position);
    this.rot = options.rotation ? angleSource(options.rotation) : null;
    const query = [this.pos.component];
    if (this.rot && !query.includes(this.rot.component)) query.push(this.rot.component);
    for (const c of options.with ?? []) if (!query.includes(c)) query.push(c);
    this.query = query;
    this.snapSq = options.snapDistance === undefined ? Infinity : options.snapDistance * options.snapDistance;
    this.clock = new RenderClock(options);
    this.history = new StepHistory(this.rot ? 3 : 2, options.history ?? 8);
    this.frame = {
      ids: EMPTY, count: 0,
      x: new Float32Array(1024), y: new Float32Array(1024), rotation: this.rot ? new Float32Array(1024) : null,
      renderTime: NaN, newestTime: NaN, alpha: 0, structureChanged: false, moved: false,
    };
  }

  /** Call once per frame with the local clock (the rAF time, in ms). */
  update(now: number): InterpolatedFrame {
    const world = this.world;
    const frame = this.frame;
    const sources = this.readSources();

    let recorded = false;
    if (world.stepCount !== this.lastStepCount) {
      this.lastStepCount = world.stepCount;
      this.history.record(world.stepTime(world.stepCount), sources);
      recorded = true;
    }

    const ids = world.query(...this.query);
    this.changed = false;
    if (ids !== this.lastIds) {
      // the cached query array is replaced on any structural change in the world; the merge
      // walk tells whether this query's members actually changed
      diffSorted(this.lastIds, ids, this.enter, this.exit);
      this.lastIds = ids;
      if (this.changed) this.fitOutput(ids.length);
    }
    frame.ids = ids;
    frame.count = ids.length;
    frame.structureChanged = this.changed;

    const modelTime = this.options.modelTime ? this.options.modelTime() : world.now();
    frame.newestTime = this.history.newestTime;
    frame.renderTime = this.clock.update(modelTime, frame.newestTime, now);
    const br = this.history.bracket(frame.renderTime, this.bracket);
    frame.alpha = br.alpha;

    frame.moved = recorded || this.changed || br.a !== this.lastA || br.b !== this.lastB || br.alpha !== this.lastAlpha;
    if (frame.moved) {
      this.lastA = br.a;
      this.lastB = br.b;
      this.lastAlpha = br.alpha;
      const a = this.history.slots[br.a]!, b = this.history.slots[br.b]!;
      lerpPositions(ids, ids.length, a[0]!, a[1]!, b[0]!, b[1]!, br.alpha, this.snapSq, frame.x, frame.y);
      if (frame.rotation) lerpAngles(ids, ids.length, a[2]!, b[2]!, br.alpha, frame.rotation);
    }
    return frame;
  }

  private readonly enter = (eid: number): void => {
    this.changed = true;
    this.history.backfill(eid, this.sources);
    this.options.onEnter?.(eid);
  };

  private readonly exit = (eid: number): void => {
    this.changed = true;
    this.options.onExit?.(eid);
  };

  /** Current store arrays (re-read every frame: stores are replaced when the world grows). */
  private readSources(): ArrayLike<number>[] {
    const s = this.sources;
    const p = this.world.store(this.pos.component) as unknown as FieldMap;
    s[0] = p[this.pos.x]!;
    s[1] = p[this.pos.y]!;
    if (this.rot) s[2] = (this.world.store(this.rot.component) as unknown as FieldMap)[this.rot.field]!;
    return s;
  }

  private fitOutput(n: number): void {
    const f = this.frame;
    if (f.x.length >= n) return;
    let size = f.x.length;
    while (size < n) size *= 2;
    f.x = new Float32Array(size);
    f.y = new Float32Array(size);
    if (f.rotation) f.rotation = new Float32Array(size);
  }
}

export function createWorldInterpolator(world: World, options: WorldInterpolatorOptions): WorldInterpolator {
  return new WorldInterpolator(world, options);
}
