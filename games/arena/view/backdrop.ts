// The arena floor: deep-space nebulae, stars, a faint grid and a glowing wall, painted once
// with Canvas 2D and shown as a DOM canvas BEHIND the transparent PixiJS canvas, kept aligned
// with the world by CSS transform. Why not a sprite: one full-screen textured quad cost
// ~150 ms per frame on a software rasteriser (headless Chromium, SwiftShader), while the
// browser compositor draws a static layer almost for free.
import type { Fit } from "tandem";
import { HEIGHT, WIDTH } from "../model/constants.ts";

export interface Backdrop {
  readonly element: HTMLCanvasElement;
  /** Places the floor under the world: `fit` maps world units to CSS px; (dx, dy) is a shake offset in world units. */
  place(fit: Fit, dx?: number, dy?: number): void;
  destroy(): void;
}

export function createBackdrop(parent: HTMLElement): Backdrop {
  const element = paint();
  element.className = "arena-backdrop";
  element.dataset.testid = "arena-backdrop";
  Object.assign(element.style, { position: "absolute", left: "0", top: "0", width: `${WIDTH}px`, height: `${HEIGHT}px`, transformOrigin: "0 0", pointerEvents: "none" });
  parent.prepend(element);
  return {
    element,
    place(fit, dx = 0, dy = 0) {
      element.style.transform = `translate(${fit.x + dx * fit.scale}px, ${fit.y + dy * fit.scale}px) scale(${fit.scale})`;
    },
    destroy() {
      element.remove();
    },
  };
}

/** Paints the floor once (view-local randomness is fine: nobody else needs the same stars). */
function paint(): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const c = canvas.getContext("2d")!;
  c.fillStyle = "#0b1020";
  c.fillRect(0, 0, WIDTH, HEIGHT);
  const nebulae: [number, number, number, string][] = [
    [WIDTH * 0.22, HEIGHT * 0.3, 520, "rgba(92, 60, 190, 0.30)"],
    [WIDTH * 0.8, HEIGHT * 0.72, 560, "rgba(20, 120, 160, 0.28)"],
    [WIDTH * 0.56, HEIGHT * 0.1, 360, "rgba(150, 40, 120, 0.22)"],
  ];
  for (const [x, y, r, colour] of nebulae) {
    const g = c.createRadialGradient(x, y, 0, x, y, r);
    g.addColorStop(0, colour);
    g.addColorStop(1, "rgba(0, 0, 0, 0)");
    c.fillStyle = g;
    c.fillRect(0, 0, WIDTH, HEIGHT);
  }
  c.strokeStyle = "rgba(138, 180, 255, 0.06)";
  c.lineWidth = 1;
  c.beginPath();
  for (let x = 100; x < WIDTH; x += 100) { c.moveTo(x + 0.5, 0); c.lineTo(x + 0.5, HEIGHT); }
  for (let y = 100; y < HEIGHT; y += 100) { c.moveTo(0, y + 0.5); c.lineTo(WIDTH, y + 0.5); }
  c.stroke();
  for (let i = 0; i < 320; i++) {
    const big = Math.random() < 0.1;
    c.fillStyle = `rgba(${big ? "225, 235, 255" : "160, 180, 220"}, ${(0.3 + Math.random() * 0.6).toFixed(2)})`;
    c.beginPath();
    c.arc(Math.random() * WIDTH, Math.random() * HEIGHT, big ? 1.5 : 0.8, 0, Math.PI * 2);
    c.fill();
  }
  // the wall: blurred strokes under a thin bright one read as a glow
  c.shadowColor = "#5aa9ff";
  for (const [w, blur, a] of [[10, 24, 0.35], [4, 10, 0.6], [2, 0, 0.95]] as const) {
    c.shadowBlur = blur;
    c.strokeStyle = `rgba(90, 169, 255, ${a})`;
    c.lineWidth = w;
    c.strokeRect(0, 0, WIDTH, HEIGHT);
  }
  return canvas;
}
