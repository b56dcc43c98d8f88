// Vite config: the `tandem` alias lets games import the engine by its public name.
import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// exact-match patterns: a plain "tandem" key would also rewrite "tandem/pixi"
export const tandemAlias = [
  { find: /^tandem\/pixi$/, replacement: fileURLToPath(new URL("./engine/src/view/pixi/index.ts", import.meta.url)) },
  { find: /^tandem$/, replacement: fileURLToPath(new URL("./engine/src/index.ts", import.meta.url)) },
];

export default defineConfig({
  resolve: { alias: tandemAlias },
  test: {
    include: ["engine/test/**/*.test.ts", "reflector/test/**/*.test.ts", "games/**/*.test.ts", "bench/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
