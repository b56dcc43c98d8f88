// Fitting a fixed-size world into the screen, and mapping pointers back.
import { describe, expect, it } from "vitest";
import { fitRect, screenToWorld } from "../../src/view/fit.ts";

describe("fitRect", () => {
  it("scales uniformly to the limiting side and centres", () => {
    expect(fitRect(2000, 1000, 1000, 1000)).toEqual({ scale: 1, x: 500, y: 0 });
    expect(fitRect(500, 800, 1000, 1000)).toEqual({ scale: 0.5, x: 0, y: 150 });
  });

  it("keeps padding around the world", () => {
    const f = fitRect(1020, 1020, 1000, 1000, 10);
    expect(f).toEqual({ scale: 1, x: 10, y: 10 });
  });

  it("maps screen points back to world points", () => {
    const f = fitRect(2000, 1000, 1000, 1000);
    expect(screenToWorld(f, 500, 0)).toEqual({ x: 0, y: 0 });
    expect(screenToWorld(f, 1500, 1000)).toEqual({ x: 1000, y: 1000 });
  });
});
