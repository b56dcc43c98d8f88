// ESLint flat config for the whole repo: typescript-eslint's recommended rules (not type-checked,
// to stay fast) on every .ts file, plus the static half of ARCHITECTURE habit 3 — model code may
// not reach nondeterministic globals or IO. The runtime half is engine/src/model/guard.ts.
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

/** Files holding deterministic model code (the engine core and every game's model). */
const MODEL_FILES = ["engine/src/model/**/*.ts", "games/*/model.ts", "games/*/model/**/*.ts"];
/** The runtime guard has to name the very globals it traps. */
const MODEL_EXEMPT = ["engine/src/model/guard.ts"];

/** Same wording as the runtime guard: what was used, then the fix. */
const inModel = (what, fix) => `${what} inside model code — ${fix}.`;
const FUTURE = "use this.future(ms).method()";
const NOW = "use this.now()";
const NETWORK = "network access inside model code — publish an event from the view instead.";
const DOM = "DOM access inside model code — models must not touch the DOM; do it in the view.";

/** Globals a model may not reference, each with the fix its message names. */
const BANNED_GLOBALS = [
  ["setTimeout", inModel("setTimeout", FUTURE)],
  ["setInterval", inModel("setInterval", FUTURE)],
  ["setImmediate", inModel("setImmediate", FUTURE)],
  ["queueMicrotask", inModel("queueMicrotask", FUTURE)],
  ["requestAnimationFrame", inModel("requestAnimationFrame", FUTURE)],
  ["fetch", `fetch: ${NETWORK}`],
  ["XMLHttpRequest", `XMLHttpRequest: ${NETWORK}`],
  ["WebSocket", `WebSocket: ${NETWORK}`],
  ["document", `document: ${DOM}`],
  ["window", `window: ${DOM}`],
  ["localStorage", `localStorage: ${DOM}`],
  ["sessionStorage", `sessionStorage: ${DOM}`],
  ["navigator", `navigator: ${DOM}`],
  ["performance", inModel("performance (wall clock)", NOW)],
  ["Date", inModel("Date (wall clock, local time zone)", NOW)],
];

/** Properties a model may not use, including the banned globals reached through globalThis. */
const BANNED_PROPERTIES = [
  { object: "Math", property: "random", message: inModel("Math.random()", "use this.random()") },
  { object: "Date", property: "now", message: inModel("Date.now()", NOW) },
  { object: "performance", property: "now", message: inModel("performance.now()", NOW) },
  ...["globalThis", "window", "self"].flatMap((object) =>
    BANNED_GLOBALS.map(([property, message]) => ({ object, property, message }))),
];

const MODEL_IO = "Models must stay free of IO: no pixi.js, ws or node:* imports in model code.";

export default defineConfig([
  globalIgnores(["**/node_modules/", "**/dist/", "**/coverage/", "bench/results/", "bench/croquet/**", "**/*.d.ts"]),

  {
    name: "tandem/typescript",
    files: ["**/*.ts"],
    extends: [tseslint.configs.recommended],
    rules: {
      "@typescript-eslint/unbound-method": "off", // handlers are passed as methods (see ARCHITECTURE)
      "@typescript-eslint/no-unused-vars": ["error", {
        args: "after-used",
        argsIgnorePattern: "^_",
        varsIgnorePattern: "^_",
        caughtErrorsIgnorePattern: "^_",
        destructuredArrayIgnorePattern: "^_",
      }],
    },
  },

  {
    name: "tandem/model-determinism",
    files: MODEL_FILES,
    ignores: MODEL_EXEMPT,
    rules: {
      "no-restricted-globals": ["error", ...BANNED_GLOBALS.map(([name, message]) => ({ name, message }))],
      "no-restricted-properties": ["error", ...BANNED_PROPERTIES],
    },
  },

  {
    name: "tandem/model-no-io",
    files: MODEL_FILES,
    rules: {
      "no-restricted-imports": ["error", {
        paths: [
          { name: "pixi.js", message: MODEL_IO },
          { name: "ws", message: MODEL_IO },
        ],
        patterns: [
          { group: ["node:*"], message: MODEL_IO },
          { group: ["pixi.js/*", "ws/*"], message: MODEL_IO },
        ],
      }],
    },
  },
]);
