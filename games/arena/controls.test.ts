// The local control state (view/control-state.ts, no DOM): held keys become one state the
// model remembers, so only changes are sent; aim moves are throttled; blur releases all.
import { describe, expect, it } from "vitest";
import { ControlTracker } from "./view/control-state.ts";

describe("ControlTracker", () => {
  it("sends key state changes once, not per frame", () => {
    const c = new ControlTracker(0);
    expect(c.poll(0)).toBeNull(); // nothing held: same as the model's initial state
    c.keyDown("KeyW");
    c.keyDown("ArrowLeft");
    expect(c.poll(16)).toEqual({ thrust: 1, turn: -1, fire: 0 });
    for (let t = 32; t < 1000; t += 16) expect(c.poll(t)).toBeNull(); // holding costs nothing
    c.keyDown("Space");
    c.keyUp("ArrowLeft");
    expect(c.poll(1000)).toEqual({ thrust: 1, turn: 0, fire: 1 });
    c.releaseAll();
    expect(c.poll(1016)).toEqual({ thrust: 0, turn: 0, fire: 0 });
  });

  it("ignores keys the game does not use", () => {
    const c = new ControlTracker(0);
    expect(c.keyDown("KeyQ")).toBe(false);
    expect(c.keyDown("KeyD")).toBe(true);
    expect(c.poll(0)).toEqual({ thrust: 0, turn: 1, fire: 0 });
  });

  it("aims with the pointer, throttled to 10 moves a second; a turn key takes steering back", () => {
    const c = new ControlTracker(0);
    c.pointerMove(100.4, 200.6);
    expect(c.poll(0)).toEqual({ thrust: 0, turn: 0, fire: 0, aimX: 100, aimY: 201 });
    c.pointerMove(150, 250);
    expect(c.poll(50)).toBeNull(); // too soon
    expect(c.poll(100)).toEqual({ thrust: 0, turn: 0, fire: 0, aimX: 150, aimY: 250 });
    c.pointerMove(151, 250);
    expect(c.poll(300)).toBeNull(); // too small to matter
    c.pointerButton(true, 400, 300);
    expect(c.poll(301)).toEqual({ thrust: 1, turn: 0, fire: 1, aimX: 400, aimY: 300 }); // buttons never wait
    c.pointerButton(false);
    c.keyDown("KeyA");
    expect(c.poll(302)).toEqual({ thrust: 0, turn: -1, fire: 0 });
  });

  it("stays within its send budget under a storm of changes", () => {
    const c = new ControlTracker(0);
    let sent = 0;
    for (let t = 0; t < 10_000; t += 5) {
      if ((t / 5) % 2 === 0) c.keyDown("Space");
      else c.keyUp("Space");
      if (c.poll(t)) sent++;
    }
    expect(sent).toBeLessThanOrEqual(30 + 15 * 10); // burst + 15/s for 10 s
  });
});
