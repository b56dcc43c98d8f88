// Arena view: draws the world with PixiJS through tandem/pixi's interpolating renderer
// (ships as tinted hulls that rotate, bullets as glowing particles), plays local effects and
// WebAudio sounds for hits, keeps a DOM scoreboard and status line, and sends the local
// control state. It reads the model, never writes it.
import { Container, UPDATE_PRIORITY, type Application, type Particle, type Ticker } from "pixi.js";
import { View } from "tandem";
import { createWorldRenderer, fitWorld, type WorldFit, type WorldRenderer } from "tandem/pixi";
import { gameStage, h } from "../shared/page.ts";
import { Alive, Angle, Bullet, Control, HEIGHT, HIT_EVENT, Position, SCORES_EVENT, Ship, WIDTH, shipOf, type Arena, type HitEvent, type ScoreRow } from "./model.ts";
import { createBackdrop, type Backdrop } from "./view/backdrop.ts";
import { createArenaControls, type ArenaControls } from "./view/controls.ts";
import { Effects } from "./view/effects.ts";
import { Hud, type LocalState } from "./view/hud.ts";
import { Scoreboard } from "./view/scoreboard.ts";
import { ShipDisplay } from "./view/ship-display.ts";
import { createSound, type ArenaSound } from "./view/sound.ts";
import { makeTextures, type ArenaTextures } from "./view/textures.ts";

/** Makes the view class for a PixiJS app created beforehand (app creation is async, views are made synchronously). */
export function arenaViewFor(app: Application): new (model: Arena) => View {
  return class extends ArenaView {
    constructor(model: Arena) {
      super(model, app);
    }
  };
}

export class ArenaView extends View {
  declare readonly model: Arena;
  private readonly tex: ArenaTextures;
  private readonly backdrop: Backdrop;
  /** After fitWorld's own resize handler (registered first), so the fit is current. */
  private readonly onResize = (): void => this.backdrop.place(this.fit.fit);
  private readonly layer = new Container({ label: "arena" });
  /** Inside `layer`: shaken on explosions without fighting fitWorld over `layer.position`. */
  private readonly shaker = new Container();
  private readonly fit: WorldFit;
  private readonly ships: WorldRenderer<ShipDisplay>;
  private readonly bullets: WorldRenderer<Particle>;
  private readonly effects: Effects;
  private readonly controls: ArenaControls;
  private readonly sound: ArenaSound;
  private readonly scoreboard: Scoreboard;
  private readonly hud: Hud;
  private readonly overlay: HTMLElement;
  private readonly onFrame = (t: Ticker): void => this.frame(t);
  private shake = 0;
  private wasAlive = false;
  /** Sounds of things already there when we joined would be a cacophony: start quiet. */
  private readonly quietUntil = performance.now() + 600;

  constructor(model: Arena, private readonly app: Application) {
    super(model);
    const world = model.world;
    this.tex = makeTextures(app.renderer);
    app.stage.addChild(this.layer);
    this.layer.addChild(this.shaker);
    this.fit = fitWorld(app, this.layer, { width: WIDTH, height: HEIGHT, padding: 20 });
    this.backdrop = createBackdrop(app.canvas.parentElement ?? gameStage());
    this.backdrop.place(this.fit.fit);
    app.renderer.on("resize", this.onResize);
    this.sound = createSound();

    this.bullets = createWorldRenderer(world, this.shaker, {
      position: Position, with: [Bullet], texture: this.tex.bullet, ticker: app.ticker,
      // bitECS reuses ids at once: a new bullet on an old id must jump, not slide
      snapDistance: 90,
      setup: (p, eid, w) => {
        const owner = w.store(Bullet).owner[eid]!;
        p.tint = this.colourOf(owner);
        if (performance.now() > this.quietUntil) this.sound.shot(w.store(Position).x[eid]!, owner === this.myIndex());
      },
    });
    this.ships = createWorldRenderer<ShipDisplay>(world, this.shaker, {
      position: Position, rotation: Angle, with: [Ship, Alive], ticker: app.ticker, snapDistance: 200,
      sprite: () => new ShipDisplay(this.tex),
      setup: (d: ShipDisplay, eid, w) => {
        const owner = w.store(Ship).owner[eid]!;
        const p = this.model.playerByIndex(owner);
        d.assign(p?.name ?? "", p?.colour ?? 0xffffff, owner === this.myIndex());
      },
    });
    this.effects = new Effects(this.tex.spark, this.tex.shield);
    this.shaker.addChild(this.effects.container);

    const stage = gameStage();
    stage.classList.add("game-arena");
    app.canvas.dataset.testid = "arena-canvas";
    this.scoreboard = new Scoreboard(this.viewId);
    this.hud = new Hud(() => { this.sound.setMuted(!this.sound.muted); return this.sound.muted; });
    this.overlay = h("aside", { class: "arena-side", testid: "arena-side" },
      this.scoreboard.element,
      h("section", { class: "panel" }, h("h2", { class: "panel-title", text: "You" }), this.hud.status),
      h("section", { class: "panel help-panel" }, h("h2", { class: "panel-title", text: "Controls" }), this.hud.help),
      this.hud.mute,
    );
    stage.append(this.overlay);
    this.scoreboard.show(model.scoreboard());

    this.controls = createArenaControls(this, app.canvas, (x, y) => this.fit.toWorld(x, y));
    this.subscribe(this.sessionId, SCORES_EVENT, this.onScores);
    this.subscribe(this.sessionId, HIT_EVENT, this.onHit);
    // after the renderers (HIGH), before the app draws (LOW)
    app.ticker.add(this.onFrame, undefined, UPDATE_PRIORITY.NORMAL);
  }

  private onScores(rows: ScoreRow[]): void {
    this.scoreboard.show(rows);
  }

  private onHit(hit: HitEvent): void {
    const colour = this.colourOf(hit.target);
    const mine = hit.target === this.myIndex();
    if (hit.killed) {
      this.effects.explosion(hit.x, hit.y, colour);
      this.sound.explosion(hit.x, mine);
      if (mine) this.shake = 1;
    } else {
      this.effects.burst(hit.x, hit.y, colour, 14, 260);
      this.sound.hit(hit.x);
      if (mine) this.shake = Math.max(this.shake, 0.35);
    }
  }

  private myIndex(): number {
    return this.model.players.get(this.viewId)?.index ?? -1;
  }

  private colourOf(owner: number): number {
    return this.model.playerByIndex(owner)?.colour ?? 0xffffff;
  }

  private frame(ticker: Ticker): void {
    const now = performance.now();
    this.controls.poll(now);
    const world = this.model.world;
    const s = world.store(Ship), thrust = world.store(Control).thrust;
    const f = this.ships.frame;
    if (f && f.rotation) {
      const ds = this.ships.displays;
      for (let i = 0; i < f.count; i++) {
        const e = f.ids[i]!;
        ds[i]!.animate(f.rotation[i]!, thrust[e] === 1, s.invulnerable[e]!, s.hp[e]!, now);
      }
    }
    const dt = Math.min(0.1, ticker.deltaMS / 1000);
    this.effects.update(dt);
    if (this.shake > 0) {
      this.shake = Math.max(0, this.shake - dt * 2.5);
      const k = 14 * this.shake * this.shake;
      const dx = this.shake > 0 ? (Math.random() - 0.5) * k : 0, dy = this.shake > 0 ? (Math.random() - 0.5) * k : 0;
      this.shaker.position.set(dx, dy);
      this.backdrop.place(this.fit.fit, dx, dy);
    }
    this.updateHud();
  }

  private updateHud(): void {
    const me = this.model.players.get(this.viewId);
    const world = this.model.world;
    const e = me ? shipOf(world, me.index) : -1;
    let state: LocalState = { kind: "watching" };
    if (e !== -1) {
      const s = world.store(Ship);
      const alive = world.hasComponent(e, Alive);
      state = alive ? { kind: "alive", hp: s.hp[e]!, shieldSteps: s.invulnerable[e]! } : { kind: "dead", respawnSteps: s.respawn[e]! };
      if (alive && !this.wasAlive && performance.now() > this.quietUntil) this.sound.respawn();
      this.wasAlive = alive;
    }
    this.hud.show(me?.name ?? "", state);
  }

  override detach(): void {
    super.detach();
    this.app.ticker.remove(this.onFrame);
    this.controls.destroy();
    this.ships.destroy();
    this.bullets.destroy();
    this.effects.destroy();
    this.fit.destroy();
    this.sound.destroy();
    this.hud.destroy();
    this.overlay.remove();
    this.layer.destroy({ children: true });
    this.tex.destroy();
    this.app.renderer.off("resize", this.onResize);
    this.backdrop.destroy();
  }
}
