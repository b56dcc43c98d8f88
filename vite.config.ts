// Vite config: the `tandem` alias lets games import the engine by its public name; the dev
// server (`npm start`) embeds a reflector at /reflector; `npm run build` is a multi-page build
// of the landing page and every games/*/index.html; vitest's settings live here too.
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { reflectorPlugin } from "./reflector/src/vite-plugin.ts";

const root = fileURLToPath(new URL(".", import.meta.url));
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// exact-match patterns: a plain "tandem" key would also rewrite "tandem/pixi"
export const tandemAlias = [
  { find: /^tandem\/pixi$/, replacement: here("./engine/src/view/pixi/index.ts") },
  { find: /^tandem$/, replacement: here("./engine/src/index.ts") },
];

/** Build inputs: the landing page and every game page, looked up now so new games are picked up. */
export function pageInputs(): Record<string, string> {
  const inputs: Record<string, string> = { main: here("./index.html") };
  for (const game of readdirSync(here("./games"), { withFileTypes: true })) {
    const page = here(`./games/${game.name}/index.html`);
    if (game.isDirectory() && existsSync(page)) inputs[game.name] = page;
  }
  return inputs;
}

export default defineConfig(({ mode }) => ({
  root,
  // several pages, no client-side routing: an unknown path is a 404, not the landing page
  appType: "mpa",
  resolve: { alias: tandemAlias },
  // vitest ("test" mode) needs no reflector; the e2e tests' dev server ("e2e") keeps its in memory
  plugins: mode === "test" ? [] : [reflectorPlugin({ storage: mode === "e2e" ? "memory" : ".tandem-data" })],
  // pre-bundle every browser dependency at start, so no page is reloaded mid-test by a late discovery
  optimizeDeps: {
    include: ["bitecs", "fflate", "pixi.js", "pure-rand/generator/xoroshiro128plus", "pure-rand/distribution/uniformFloat64", "qrcode"],
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    rolldownOptions: { input: pageInputs() },
  },
  test: {
    include: ["engine/test/**/*.test.ts", "reflector/test/**/*.test.ts", "games/**/*.test.ts", "bench/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
}));
