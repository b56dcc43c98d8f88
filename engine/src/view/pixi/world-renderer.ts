// Draws an ECS world with PixiJS: one pooled display object per entity that has a position,
// placed at positions interpolated between recorded world steps (see world-interpolator.ts).
// Two modes, picked by the options:
//   { texture }  → Particles in a ParticleContainer: one draw call, 10k+ entities at 60 fps;
//   { sprite }   → any Container (Sprite, Graphics, AnimatedSprite…) made by your factory.
// Display objects are pooled: an entity leaving hands its object to the next one entering,
// and nothing is allocated per frame. The per-frame loop only copies the interpolated
// Float32Arrays into one kind of object, so it stays monomorphic.
import { Container, Particle, ParticleContainer, Texture, UPDATE_PRIORITY, type ParticleProperties, type Ticker } from "pixi.js";
import type { World } from "../../model/world.ts";
import { createWorldInterpolator, type InterpolatedFrame, type WorldInterpolator, type WorldInterpolatorOptions } from "../world-interpolator.ts";

interface CommonOptions<D> extends Omit<WorldInterpolatorOptions, "onEnter" | "onExit"> {
  /** Called whenever a (possibly reused) display object starts drawing an entity: set tint, scale, texture… */
  setup?: (display: D, eid: number, world: World) => void;
  /** Called when an entity stops being drawn, before its object returns to the pool. */
  teardown?: (display: D, eid: number, world: World) => void;
  /** Update automatically on this ticker, just before the application renders (e.g. `app.ticker`). */
  ticker?: Ticker;
}

export interface ParticleRendererOptions extends CommonOptions<Particle> {
  /** Shared texture for every entity (all particles must share one texture source). Default: 4-px white squares. */
  texture?: Texture;
  sprite?: undefined;
  /** Particle anchor (default 0.5: centred on the position). */
  anchor?: number;
  /** Particle properties re-uploaded every frame; position (and rotation, when given) always are. */
  dynamicProperties?: ParticleProperties;
}

export interface SpriteRendererOptions<D extends Container> extends CommonOptions<D> {
  /** Makes a display object (called only when the pool is empty; `setup` configures it per entity). */
  sprite: () => D;
  texture?: undefined;
}

export interface WorldRenderer<D> {
  /** The ParticleContainer or Container drawing the entities (added to the parent given). */
  readonly container: Container;
  readonly interpolator: WorldInterpolator;
  /** Display objects aligned with `frame.ids` (entries [0, frame.count)). */
  readonly displays: readonly D[];
  /** The last frame computed. */
  readonly frame: InterpolatedFrame | null;
  /** The display object drawing an entity, if it is drawn. */
  displayOf(eid: number): D | undefined;
  /** Interpolates and moves the display objects; call once per frame (e.g. from View.update). */
  update(now?: number): InterpolatedFrame;
  /** Removes the container and destroys pooled objects (textures are left alone). */
  destroy(): void;
}

const now = (): number => performance.now();

/**
 * Draws the entities of `world` that have a position, into a new container under `parent`.
 *
 *   const swarm = createWorldRenderer(model.world, app.stage, { position: Position, texture, ticker: app.ticker });
 */
export function createWorldRenderer(world: World, parent: Container, options: ParticleRendererOptions): WorldRenderer<Particle>;
export function createWorldRenderer<D extends Container>(world: World, parent: Container, options: SpriteRendererOptions<D>): WorldRenderer<D>;
export function createWorldRenderer(world: World, parent: Container, options: ParticleRendererOptions | SpriteRendererOptions<Container>): WorldRenderer<unknown> {
  const r = options.sprite ? new SpriteWorldRenderer(world, parent, options as SpriteRendererOptions<Container>) : new ParticleWorldRenderer(world, parent, options as ParticleRendererOptions);
  if (options.ticker) r.attachTicker(options.ticker);
  return r;
}

abstract class BaseRenderer<D> implements WorldRenderer<D> {
  abstract readonly container: Container;
  readonly interpolator: WorldInterpolator;
  frame: InterpolatedFrame | null = null;
  protected readonly byEid: (D | undefined)[] = [];
  protected readonly pool: D[] = [];
  protected readonly dense: D[] = [];
  private ticker: Ticker | null = null;
  private readonly onTick = (): void => void this.update();

  constructor(readonly world: World, protected readonly opts: CommonOptions<D>) {
    this.interpolator = createWorldInterpolator(world, { ...opts, onEnter: (e) => this.enter(e), onExit: (e) => this.exit(e) });
  }

  get displays(): readonly D[] {
    return this.dense;
  }

  displayOf(eid: number): D | undefined {
    return this.byEid[eid];
  }

  update(t: number = now()): InterpolatedFrame {
    const f = this.interpolator.update(t);
    this.frame = f;
    if (f.structureChanged) {
      const dense = this.dense, byEid = this.byEid, ids = f.ids;
      dense.length = f.count;
      for (let i = 0; i < f.count; i++) dense[i] = byEid[ids[i]!]!;
      this.structureChanged();
    }
    if (f.moved) this.write(f);
    return f;
  }

  attachTicker(ticker: Ticker): void {
    this.ticker = ticker;
    // HIGH runs before the application's render (LOW): positions drawn are this frame's
    ticker.add(this.onTick, undefined, UPDATE_PRIORITY.HIGH);
  }

  destroy(): void {
    this.ticker?.remove(this.onTick);
    this.ticker = null;
    this.container.removeFromParent();
    this.destroyDisplays();
    this.byEid.length = this.pool.length = this.dense.length = 0;
  }

  private enter(eid: number): void {
    const d = this.pool.pop() ?? this.create();
    this.byEid[eid] = d;
    this.activate(d);
    this.opts.setup?.(d, eid, this.world);
  }

  private exit(eid: number): void {
    const d = this.byEid[eid];
    if (d === undefined) return;
    this.byEid[eid] = undefined;
    this.opts.teardown?.(d, eid, this.world);
    this.deactivate(d);
    this.pool.push(d);
  }

  protected abstract create(): D;
  protected abstract activate(d: D): void;
  protected abstract deactivate(d: D): void;
  protected abstract structureChanged(): void;
  protected abstract write(f: InterpolatedFrame): void;
  protected abstract destroyDisplays(): void;
}

class ParticleWorldRenderer extends BaseRenderer<Particle> {
  readonly container: ParticleContainer;
  private readonly texture: Texture;
  private readonly anchor: number;
  private readonly scale: number;

  constructor(world: World, parent: Container, options: ParticleRendererOptions) {
    super(world, options);
    this.texture = options.texture ?? Texture.WHITE;
    this.scale = options.texture ? 1 : 4;
    this.anchor = options.anchor ?? 0.5;
    this.container = new ParticleContainer({
      texture: this.texture,
      dynamicProperties: { position: true, rotation: options.rotation !== undefined, ...options.dynamicProperties },
    });
    this.container.label = "WorldRenderer";
    // the container draws straight from our dense array: no per-particle add/remove calls
    this.container.particleChildren = this.dense;
    parent.addChild(this.container);
  }

  protected create(): Particle {
    return new Particle({ texture: this.texture, anchorX: this.anchor, anchorY: this.anchor, scaleX: this.scale, scaleY: this.scale });
  }

  protected activate(): void {}

  protected deactivate(p: Particle): void {
    if (!this.opts.setup) return;
    // a reused particle must not keep the last entity's look
    p.scaleX = p.scaleY = this.scale;
    p.rotation = 0;
    p.tint = 0xffffff;
    p.alpha = 1;
    p.texture = this.texture;
  }

  protected structureChanged(): void {
    // documented way after editing particleChildren: re-uploads static properties (tints, scales set in setup)
    this.container.update();
  }

  protected write(f: InterpolatedFrame): void {
    const ps = this.dense, x = f.x, y = f.y, n = f.count;
    for (let i = 0; i < n; i++) {
      const p = ps[i]!;
      p.x = x[i]!;
      p.y = y[i]!;
    }
    const r = f.rotation;
    if (r) for (let i = 0; i < n; i++) ps[i]!.rotation = r[i]!;
  }

  protected destroyDisplays(): void {
    this.container.destroy({ children: false, texture: false });
  }
}

class SpriteWorldRenderer extends BaseRenderer<Container> {
  readonly container: Container;

  constructor(world: World, parent: Container, options: SpriteRendererOptions<Container>) {
    super(world, options);
    this.container = new Container({ label: "WorldRenderer" });
    parent.addChild(this.container);
  }

  protected create(): Container {
    const d = (this.opts as SpriteRendererOptions<Container>).sprite();
    this.container.addChild(d);
    return d;
  }

  protected activate(d: Container): void {
    d.visible = true;
  }

  protected deactivate(d: Container): void {
    d.visible = false; // stays a child: reusing it costs no scene-graph change
  }

  protected structureChanged(): void {}

  protected write(f: InterpolatedFrame): void {
    const ds = this.dense, x = f.x, y = f.y, n = f.count;
    for (let i = 0; i < n; i++) ds[i]!.position.set(x[i]!, y[i]!);
    const r = f.rotation;
    if (r) for (let i = 0; i < n; i++) ds[i]!.rotation = r[i]!;
  }

  protected destroyDisplays(): void {
    this.container.destroy({ children: true, texture: false });
  }
}
