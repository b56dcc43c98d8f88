// Swarm view (PixiJS): the shared ECS world of bouncing entities drawn as one ParticleContainer
// through tandem/pixi's interpolating world renderer, fitted into the page. Click or drag to
// spawn entities where the pointer is ("spawn" with a count); buttons add or remove a
// thousand. The dot texture is drawn here on a canvas: no asset files.
import { CanvasSource, Container, Graphics, Texture, type Application, type Particle } from "pixi.js";
import { View, createInput, type InputHandle, type InputPublisher } from "tandem";
import { createWorldRenderer, fitWorld, type WorldFit, type WorldRenderer } from "tandem/pixi";
import { gameStage, h } from "../shared/page.ts";
import { HEIGHT, Position, WIDTH, type Swarm } from "./model.ts";

/** Entities spawned by a click, and by each pointer move while dragging (moves go out ≤ 15/s). */
export const CLICK_SPAWN = 25;
export const DRAG_SPAWN = 8;
/** What the +/− buttons add or remove (the model spawns at most 1000 per event). */
export const BATCH = 1000;

const TINTS = [0x5aa9ff, 0x7ee0c3, 0xf5b700, 0xf07178, 0xc792ea, 0x89ddff];

let dot: Texture | null = null;

/** A soft round dot, 6 world units wide, drawn once on a canvas at 2× resolution (the render bench draws with it too). */
export function dotTexture(): Texture {
  if (dot) return dot;
  const size = 12;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext("2d")!;
  const g = ctx.createRadialGradient(size / 2, size / 2, 0, size / 2, size / 2, size / 2);
  g.addColorStop(0, "rgba(255,255,255,1)");
  g.addColorStop(0.55, "rgba(255,255,255,0.95)");
  g.addColorStop(1, "rgba(255,255,255,0)");
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, size, size);
  dot = new Texture({ source: new CanvasSource({ resource: canvas, resolution: 2 }) });
  return dot;
}

/** The view class for a PixiJS application made beforehand (its creation is async; a view's constructor is not). */
export function swarmView(app: Application): new (model: Swarm) => View {
  return class SwarmView extends View {
    declare readonly model: Swarm;
    private readonly layer = new Container({ label: "swarm" });
    private readonly renderer: WorldRenderer<Particle>;
    private readonly fit: WorldFit;
    private readonly input: InputHandle;
    private readonly hud: HTMLElement;
    private readonly count: HTMLElement;
    private shownCount = -1;

    constructor(model: Swarm) {
      super(model);
      app.stage.addChild(this.layer);
      this.layer.addChild(
        new Graphics().rect(0, 0, WIDTH, HEIGHT).fill({ color: 0x131a24 }).stroke({ color: 0x2b3645, width: 2, alignment: 1 }),
      );
      this.fit = fitWorld(app, this.layer, { width: WIDTH, height: HEIGHT, padding: 16 });
      this.renderer = createWorldRenderer(model.world, this.layer, {
        position: Position,
        texture: dotTexture(),
        ticker: app.ticker,
        setup: (p, eid) => {
          p.tint = TINTS[eid % TINTS.length]!;
        },
      });
      this.input = createInput(this.spawner(), {
        target: app.canvas,
        keyboard: false,
        toLocal: this.fit.toWorld,
        events: { down: "down", move: "move", up: "up" },
      });

      this.count = h("span", { class: "swarm-count tabular", testid: "swarm-count" });
      this.hud = h(
        "div",
        { class: "swarm-hud" },
        h("div", {}, this.count, h("span", { class: "muted", text: " entities" })),
        h(
          "div",
          { class: "swarm-buttons" },
          h("button", { class: "btn", testid: "swarm-add", text: `+${BATCH.toLocaleString()}`, on: { click: () => this.publish(this.sessionId, "spawn", { x: WIDTH / 2, y: HEIGHT / 2, count: BATCH }) } }),
          h("button", { class: "btn", testid: "swarm-remove", text: `−${BATCH.toLocaleString()}`, on: { click: () => this.publish(this.sessionId, "remove", BATCH) } }),
        ),
        h("div", { class: "swarm-tip muted", text: "Click or drag to spawn" }),
      );
      gameStage().append(this.hud);
    }

    /** Turns the input helper's presses and drags into "spawn" events with a count. */
    private spawner(): InputPublisher {
      let pressed = false;
      const inside = (x: number, y: number): boolean => x >= 0 && y >= 0 && x <= WIDTH && y <= HEIGHT;
      return {
        viewId: this.viewId,
        sessionId: this.sessionId,
        session: this.session,
        publish: (scope, event, data) => {
          const { x, y } = data as { x: number; y: number };
          if (event === "up") pressed = false;
          if (event === "down") pressed = true;
          if (event === "up" || (event === "move" && !pressed) || !inside(x, y)) return;
          this.publish(scope, "spawn", { x, y, count: event === "down" ? CLICK_SPAWN : DRAG_SPAWN });
        },
      };
    }

    override update(): void {
      const n = this.renderer.frame?.count ?? 0;
      if (n !== this.shownCount) {
        this.shownCount = n;
        this.count.textContent = n.toLocaleString();
        this.count.dataset.value = String(n);
      }
    }

    override detach(): void {
      super.detach();
      this.input.destroy();
      this.renderer.destroy();
      this.fit.destroy();
      this.layer.destroy({ children: true });
      this.hud.remove();
    }
  };
}
