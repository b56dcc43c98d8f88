// Tandem's PixiJS entry ("tandem/pixi"): kept apart from the main index because importing
// pixi.js fails under plain Node, and the main index is imported by Node tests and bots.
export { createPixiApp, type PixiAppOptions } from "./app.ts";
export { fitWorld, type WorldFit } from "./fit-world.ts";
export {
  createWorldRenderer,
  type ParticleRendererOptions,
  type SpriteRendererOptions,
  type WorldRenderer,
} from "./world-renderer.ts";
