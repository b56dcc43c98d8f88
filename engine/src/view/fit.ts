// Fitting a fixed-size game world into a resizable screen: uniform scale and centring
// offset, plus the inverse mapping for pointer input. Pure, so it is tested in Node.

export interface Fit {
  scale: number;
  /** Screen position of the world's (0, 0). */
  x: number;
  y: number;
}

/** Largest uniform scale showing a worldW×worldH world inside screenW×screenH with `padding` px around, centred. */
export function fitRect(screenW: number, screenH: number, worldW: number, worldH: number, padding = 0): Fit {
  const w = Math.max(1, screenW - 2 * padding), h = Math.max(1, screenH - 2 * padding);
  const scale = Math.min(w / worldW, h / worldH);
  return { scale, x: (screenW - worldW * scale) / 2, y: (screenH - worldH * scale) / 2 };
}

/** Screen point → world point under a fit. */
export function screenToWorld(fit: Fit, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - fit.x) / fit.scale, y: (sy - fit.y) / fit.scale };
}
