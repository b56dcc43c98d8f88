// Cursors view: a full-page area where every participant's pointer is drawn in its colour.
// The local pointer goes out as "cursorMove" through the engine's input helper (coalesced
// to the latest position per frame, rate limited); positions are fractions of the area
// (0..1), so players with different window sizes point at the same spots. Drawn cursors
// glide towards the model's positions, which arrive ~15 times a second.
import { View, createInput, type InputHandle } from "tandem";
import { gameStage, h } from "../shared/page.ts";
import { PALETTE, type Cursors } from "./model.ts";

const COLOR_NAMES: Record<(typeof PALETTE)[number], string> = {
  "#e6194b": "Red", "#3cb44b": "Green", "#ffe119": "Yellow", "#4363d8": "Blue",
  "#f58231": "Orange", "#911eb4": "Purple", "#46f0f0": "Cyan", "#f032e6": "Pink",
};

/** Time constant of the glide towards the latest position (ms). */
const GLIDE_MS = 45;

interface Drawn {
  el: HTMLElement;
  x: number;
  y: number;
  shown: boolean;
}

const ARROW = "M2 2 L2 20 L7.2 15.2 L10.6 22.6 L14 21 L10.6 13.8 L17.6 13.4 Z";

function cursorElement(color: string, label: string, self: boolean, viewId: string): HTMLElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "28");
  svg.setAttribute("height", "28");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", ARROW);
  path.setAttribute("fill", color);
  path.setAttribute("stroke", "#0e1116");
  path.setAttribute("stroke-width", "1.5");
  path.setAttribute("stroke-linejoin", "round");
  svg.append(path);
  const chip = h("span", { class: "cursor-label", text: label, attrs: { style: `background: ${color}` } });
  return h("div", { class: `cursor${self ? " self" : ""}`, testid: "cursor", attrs: { "data-view-id": viewId, "data-color": color, ...(self ? { "data-self": "" } : {}) } }, svg, chip);
}

export class CursorsView extends View {
  declare readonly model: Cursors;
  private readonly area: HTMLElement;
  private readonly count: HTMLElement;
  private readonly drawn = new Map<string, Drawn>();
  private readonly input: InputHandle;
  private lastFrame = NaN;

  constructor(model: Cursors) {
    super(model);
    this.count = h("span", { testid: "cursor-count" });
    this.area = h(
      "div",
      { class: "game-cursors", testid: "cursor-area" },
      h("div", { class: "cursors-caption" }, h("strong", { text: "Move your pointer here." }), h("span", { class: "muted" }, " ", this.count)),
    );
    gameStage().replaceChildren(this.area);
    this.input = createInput(this, {
      target: this.area,
      keyboard: false,
      events: { move: "cursorMove", down: false, up: false },
      toLocal: (cx, cy) => {
        const r = this.area.getBoundingClientRect();
        const clamp = (v: number) => Math.min(1, Math.max(0, v));
        return { x: clamp((cx - r.left) / (r.width || 1)), y: clamp((cy - r.top) / (r.height || 1)) };
      },
    });
    this.syncCursors();
    this.subscribe(this.sessionId, "cursors-changed", this.syncCursors);
  }

  /** Adds and removes cursor elements as views join and leave. */
  private syncCursors(): void {
    const cursors = this.model.cursors;
    for (const [viewId, d] of this.drawn) {
      if (!cursors.has(viewId)) {
        d.el.remove();
        this.drawn.delete(viewId);
      }
    }
    for (const [viewId, c] of cursors) {
      if (this.drawn.has(viewId)) continue;
      const self = viewId === this.viewId;
      const el = cursorElement(c.color, self ? "You" : COLOR_NAMES[c.color as keyof typeof COLOR_NAMES] ?? "Guest", self, viewId);
      this.area.append(el);
      this.drawn.set(viewId, { el, x: c.x, y: c.y, shown: false });
    }
    const n = cursors.size;
    this.count.textContent = n === 1 ? "You are alone — share the invite link." : `${n} people here.`;
  }

  override update(time: number): void {
    const dt = Number.isNaN(this.lastFrame) ? 1000 : Math.max(0, time - this.lastFrame);
    this.lastFrame = time;
    const k = 1 - Math.exp(-dt / GLIDE_MS);
    const w = this.area.clientWidth, hgt = this.area.clientHeight;
    for (const [viewId, d] of this.drawn) {
      const c = this.model.cursors.get(viewId);
      if (!c) continue;
      // a cursor still at (0, 0) has never moved: nothing to show yet
      const moved = c.x !== 0 || c.y !== 0;
      if (moved && !d.shown) {
        d.x = c.x;
        d.y = c.y;
      } else {
        d.x += (c.x - d.x) * k;
        d.y += (c.y - d.y) * k;
      }
      if (moved !== d.shown) {
        d.shown = moved;
        d.el.classList.toggle("shown", moved);
      }
      d.el.style.transform = `translate(${(d.x * w).toFixed(1)}px, ${(d.y * hgt).toFixed(1)}px)`;
    }
  }

  override detach(): void {
    super.detach();
    this.input.destroy();
    this.area.remove();
  }
}
