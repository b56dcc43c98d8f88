// The Swarm script's per-step hashes are the same with the movement kernel on WebAssembly SIMD
// (the world's columns in an arena) and on its JS twin (plain arrays): clients on engines with
// and without SIMD stay in sync. (Node vs Chromium: engine/test/e2e/games.e2e.test.ts.)
import { afterEach, describe, expect, it } from "vitest";
import { setArenasEnabled } from "../../engine/src/model/arena.ts";
import { runSwarmScript } from "./script.ts";

afterEach(() => setArenasEnabled(true));

describe("Swarm script", () => {
  it("gives identical per-step hashes on the WebAssembly and the JS path", () => {
    const simd = runSwarmScript({ steps: 40 });
    setArenasEnabled(false);
    const js = runSwarmScript({ steps: 40 });
    expect(new Set(simd).size).toBeGreaterThan(30); // the state really changes
    const firstDiff = simd.findIndex((h, i) => h !== js[i]);
    expect(firstDiff, `first step whose hash differs: ${firstDiff}`).toBe(-1);
  });
});
