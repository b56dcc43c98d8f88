// Tests for the static half of the determinism ban (eslint.config.js): model files may not use
// Math.random, Date, timers, network, DOM or IO imports; view files may; the guard is exempt.
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const MODEL_PROBE = "engine/src/model/__lint_probe__.ts";
const VIEW_PROBE = "engine/src/view/__probe__.ts";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

interface Finding { ruleId: string | null; message: string; line: number }

async function lint(code: string, filePath: string): Promise<Finding[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map(({ ruleId, message, line }) => ({ ruleId, message, line }));
}

const restricted = (findings: Finding[]) => findings.filter((f) => f.ruleId?.startsWith("no-restricted-"));

describe("determinism lint rules", () => {
  const cases: [label: string, code: string, rule: string, fix: string][] = [
    ["Math.random", "export const r = Math.random();\n", "no-restricted-properties", "this.random()"],
    ["Date.now", "export const t = Date.now();\n", "no-restricted-properties", "this.now()"],
    ["new Date()", "export const d = new Date();\n", "no-restricted-globals", "this.now()"],
    ["performance.now", "export const t = performance.now();\n", "no-restricted-properties", "this.now()"],
    ["setTimeout", "setTimeout(() => undefined, 10);\n", "no-restricted-globals", "this.future(ms)"],
    ["setInterval", "setInterval(() => undefined, 10);\n", "no-restricted-globals", "this.future(ms)"],
    ["requestAnimationFrame", "requestAnimationFrame(() => undefined);\n", "no-restricted-globals", "this.future(ms)"],
    ["globalThis.setTimeout", "globalThis.setTimeout(() => undefined, 10);\n", "no-restricted-properties", "this.future(ms)"],
    ["fetch", "void fetch(\"/x\");\n", "no-restricted-globals", "publish an event from the view"],
    ["WebSocket", "export const s = new WebSocket(\"ws://x\");\n", "no-restricted-globals", "publish an event from the view"],
    ["document", "export const b = document.body;\n", "no-restricted-globals", "do it in the view"],
    ["localStorage", "export const v = localStorage.getItem(\"k\");\n", "no-restricted-globals", "do it in the view"],
  ];

  it.each(cases)("reports %s in a model file, naming the fix", async (_label, code, rule, fix) => {
    const found = restricted(await lint(code, MODEL_PROBE));
    expect(found.length).toBeGreaterThan(0);
    const hit = found.find((f) => f.ruleId === rule);
    expect(hit, JSON.stringify(found)).toBeDefined();
    expect(hit?.message).toContain(fix);
  });

  it("reports Math.random, Date.now and setTimeout in a model file", async () => {
    const code = [
      "export function step(): number {",
      "  const a = Math.random();",
      "  const b = Date.now();",
      "  setTimeout(() => undefined, 10);",
      "  return a + b;",
      "}",
      "",
    ].join("\n");
    const found = restricted(await lint(code, MODEL_PROBE));
    expect(found.find((f) => f.line === 2 && f.message.includes("Math.random"))).toBeDefined();
    expect(found.find((f) => f.line === 3 && f.message.includes("Date.now"))).toBeDefined();
    expect(found.find((f) => f.line === 4 && f.message.includes("setTimeout"))).toBeDefined();

    expect(await lint(code, VIEW_PROBE)).toEqual([]);
  });

  it("covers games' model files too, but not their views", async () => {
    const code = "export const r = Math.random();\n";
    expect(restricted(await lint(code, "games/__probe__/model.ts"))).toHaveLength(1);
    expect(restricted(await lint(code, "games/__probe__/model/rules.ts"))).toHaveLength(1);
    expect(await lint(code, "games/__probe__/view.ts")).toEqual([]);
  });

  it("exempts the runtime guard, which has to name the trapped globals", async () => {
    const code = "export const trapped = [Math.random, Date.now, setTimeout, performance.now];\n";
    expect(await lint(code, "engine/src/model/guard.ts")).toEqual([]);
    expect(restricted(await lint(code, MODEL_PROBE)).length).toBeGreaterThanOrEqual(4);
  });

  it("allows type-only uses and deterministic Math in model files", async () => {
    const code = "export const f = (d: Date | undefined, x: number): number => Math.sqrt(x) + (d ? 1 : 0);\n";
    expect(await lint(code, MODEL_PROBE)).toEqual([]);
  });

  it("forbids pixi.js, ws and node:* imports in model files only", async () => {
    const code = [
      "import { Container } from \"pixi.js\";",
      "import { WebSocketServer } from \"ws\";",
      "import { readFileSync } from \"node:fs\";",
      "export const used = [Container, WebSocketServer, readFileSync];",
      "",
    ].join("\n");
    const found = (await lint(code, MODEL_PROBE)).filter((f) => f.ruleId === "no-restricted-imports");
    expect(found.map((f) => f.line)).toEqual([1, 2, 3]);
    for (const f of found) expect(f.message).toContain("free of IO");
    expect(await lint(code, VIEW_PROBE)).toEqual([]);
  });

  it("allows _-prefixed unused arguments and variables", async () => {
    const code = "export function f(b: number, _a: number): number { const _unused = 1; return b; }\n";
    expect(await lint(code, VIEW_PROBE)).toEqual([]);
  });
});
