// Keeps a fixed-size game world (e.g. 1000×1000) scaled and centred in a resizable PixiJS
// screen, and maps pointer positions (clientX/Y) back into world coordinates for input.
import type { Application, Container } from "pixi.js";
import { fitRect, screenToWorld, type Fit } from "../fit.ts";

export interface WorldFit {
  /** The current fit (updated on resize). */
  readonly fit: Fit;
  /** clientX/clientY of a pointer event → world coordinates (pass to createInput's toLocal). */
  toWorld(clientX: number, clientY: number): { x: number; y: number };
  destroy(): void;
}

export function fitWorld(app: Application, world: Container, size: { width: number; height: number; padding?: number }): WorldFit {
  let fit: Fit = { scale: 1, x: 0, y: 0 };
  const apply = (): void => {
    fit = fitRect(app.screen.width, app.screen.height, size.width, size.height, size.padding ?? 0);
    world.scale.set(fit.scale);
    world.position.set(fit.x, fit.y);
  };
  apply();
  app.renderer.on("resize", apply);
  return {
    get fit() {
      return fit;
    },
    toWorld(clientX, clientY) {
      // app.screen is in CSS pixels (autoDensity), like client coordinates
      const r = app.canvas.getBoundingClientRect();
      const sx = ((clientX - r.left) * app.screen.width) / (r.width || 1);
      const sy = ((clientY - r.top) * app.screen.height) / (r.height || 1);
      return screenToWorld(fit, sx, sy);
    },
    destroy() {
      app.renderer.off("resize", apply);
    },
  };
}
