// Creating a PixiJS v8 Application for a Tandem game, with defaults that work everywhere:
// WebGL first (headless Chromium's WebGPU adapter renders blank; WebGL runs on SwiftShader),
// sized to its parent, crisp on high-DPI screens without rendering 3× the pixels.
import { Application, type ApplicationOptions } from "pixi.js";

export interface PixiAppOptions extends Partial<ApplicationOptions> {
  /** Element the canvas is appended to and resized with (default document.body / window). Ignored when `canvas` is given. */
  parent?: HTMLElement;
}

export async function createPixiApp(options: PixiAppOptions = {}): Promise<Application> {
  const { parent, ...init } = options;
  const app = new Application();
  const sized = init.width !== undefined || init.height !== undefined || init.canvas !== undefined;
  await app.init({
    preference: "webgl",
    background: "#0e1116",
    antialias: false,
    autoDensity: true,
    // above 2× nobody sees the difference, and fill rate is what 10k sprites cost
    resolution: Math.min(globalThis.devicePixelRatio ?? 1, 2),
    ...(sized ? {} : { resizeTo: parent ?? window }),
    ...init,
  });
  if (!init.canvas) (parent ?? document.body).appendChild(app.canvas);
  return app;
}
