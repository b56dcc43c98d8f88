// The shape of the dmath module (its exports) and the rules its source keeps: no engine
// transcendental functions, no `**`, only exactly specified Math members.
import { describe, it, expect } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as dm from "../../src/model/dmath.ts";

describe("dmath module", () => {
  it("exports exactly the named functions and constants (no default export)", () => {
    expect(Object.keys(dm).sort()).toEqual(
      ["PI", "TAU", "acos", "asin", "atan", "atan2", "cos", "cosh", "exp", "hypot", "log", "log10", "log2",
        "pow", "sin", "sinh", "tan", "tanh"].sort(),
    );
  });

  it("its source never calls the engine's transcendental functions", () => {
    const dir = fileURLToPath(new URL("../../src/model/", import.meta.url));
    const files = readdirSync(dir).filter((f) => /^dmath.*\.ts$/.test(f));
    expect(files).toContain("dmath.ts");
    expect(files.length).toBeGreaterThan(1); // dmath.ts re-exports its parts
    const banned = ["Math.sin", "Math.cos", "Math.exp", "Math.log", "Math.pow", "Math.atan", "Math.tan",
      "Math.asin", "Math.acos", "Math.hypot", "Math.cbrt", "Math.random", "Math.fround"];
    for (const file of files) {
      const src = readFileSync(dir + file, "utf8");
      for (const b of banned) expect(src.includes(b), `${file} contains ${b}`).toBe(false);
      // `**` (exponentiation) must not appear in code; `/**` doc comments are stripped first.
      const code = src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
      expect(code.includes("**"), `${file} uses **`).toBe(false);
      // Only the exactly specified Math members may be used at all.
      const used = new Set(code.match(/Math\.\w+/g) ?? []);
      const allowed = new Set(["Math.sqrt", "Math.floor", "Math.ceil", "Math.trunc", "Math.round", "Math.abs",
        "Math.min", "Math.max", "Math.sign", "Math.imul", "Math.clz32"]);
      for (const u of used) expect(allowed.has(u), `${file} uses ${u}`).toBe(true);
    }
  });
});
