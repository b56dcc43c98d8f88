// InputCoalescer: per-frame coalescing of pointer and key input within the send budget.
import { describe, expect, it } from "vitest";
import { InputCoalescer, type InputEvent } from "../../src/view/coalesce.ts";

const FRAME = 1000 / 60;

/** Runs `frames` frames from t0, calling `input(frame, t)` before each flush; returns what was sent per frame. */
function run(c: InputCoalescer, frames: number, input: (i: number, t: number) => void, t0 = 0): InputEvent[][] {
  const sent: InputEvent[][] = [];
  for (let i = 0; i < frames; i++) {
    const t = t0 + i * FRAME;
    input(i, t);
    sent.push(c.flush(t));
  }
  return sent;
}

describe("InputCoalescer", () => {
  it("sends only the latest pointer position of a frame", () => {
    const c = new InputCoalescer({}, 0);
    c.pointerMove(1, 1);
    c.pointerMove(2, 2);
    c.pointerMove(3, 3);
    expect(c.flush(0)).toEqual([{ kind: "move", x: 3, y: 3 }]);
    expect(c.stats.merged).toBe(2);
    expect(c.flush(FRAME)).toEqual([]);
  });

  it("paces moves at moveHz and merges the rest, keeping the latest", () => {
    const c = new InputCoalescer({ moveHz: 15 }, 0);
    const sent = run(c, 600, (i) => c.pointerMove(i, i)).flat(); // 10 s of constant motion
    expect(sent.length).toBeGreaterThanOrEqual(145);
    expect(sent.length).toBeLessThanOrEqual(151);
    // the last move sent is recent: positions are never stale by more than a move interval
    expect((sent.at(-1) as { x: number }).x).toBeGreaterThan(595);
  });

  it("stays within the sustained rate whatever the input", () => {
    const c = new InputCoalescer({ rate: { perSecond: 20, burst: 60 }, moveHz: 60 }, 0);
    const sent = run(c, 60 * 30, (i) => {
      c.pointerMove(i, i);
      if (i % 2 === 0) c.keyDown("a", "KeyA");
      else c.keyUp("a", "KeyA");
    }).flat();
    // 30 s at 20/s plus the initial burst
    expect(sent.length).toBeLessThanOrEqual(60 + 30 * 20 + 1);
  });

  it("never loses a press, and presses are never overtaken by moves", () => {
    const c = new InputCoalescer({ rate: { perSecond: 20, burst: 3 }, moveReserve: 1 }, 0);
    const sent = run(c, 120, (i) => {
      c.pointerMove(i, 0);
      if (i < 5) {
        c.pointerDown(i, 0);
        c.pointerUp(i, 0);
      }
    }).flat();
    const presses = sent.filter((e) => e.kind !== "move");
    expect(presses.map((e) => e.kind)).toEqual(["down", "up", "down", "up", "down", "up", "down", "up", "down", "up"]);
    let lastPress = -1;
    sent.forEach((e, i) => (lastPress = e.kind !== "move" ? i : lastPress));
    const firstMove = sent.findIndex((e) => e.kind === "move");
    expect(firstMove).toBeGreaterThan(lastPress);
  });

  it("drops key auto-repeat and releases of keys never pressed", () => {
    const c = new InputCoalescer({}, 0);
    c.keyUp("a", "KeyA");
    c.keyDown("a", "KeyA");
    c.keyDown("a", "KeyA");
    c.keyDown("a", "KeyA");
    expect(c.flush(0)).toEqual([{ kind: "key-down", key: "a", code: "KeyA" }]);
    expect(c.stats.dropped).toBe(3);
  });

  it("keeps every press, even several within one (slow) frame", () => {
    const c = new InputCoalescer({}, 0);
    c.keyDown(" ", "Space");
    c.keyUp(" ", "Space");
    c.pointerDown(1, 1);
    c.pointerUp(1, 1);
    c.pointerDown(2, 2);
    c.pointerUp(2, 2);
    expect(c.flush(0).map((e) => e.kind)).toEqual(["key-down", "key-up", "down", "up", "down", "up"]);
  });

  it("keeps keys independent and in order", () => {
    const c = new InputCoalescer({}, 0);
    c.keyDown("a", "KeyA");
    c.keyDown("b", "KeyB");
    c.keyUp("a", "KeyA");
    expect(c.flush(0).map((e) => `${e.kind} ${(e as { code: string }).code}`)).toEqual(["key-down KeyA", "key-down KeyB", "key-up KeyA"]);
  });

  it("a press replaces an older unsent move (it carries the position)", () => {
    const c = new InputCoalescer({}, 0);
    c.pointerMove(1, 1);
    c.pointerDown(5, 5);
    expect(c.flush(0)).toEqual([{ kind: "down", x: 5, y: 5, button: 0 }]);
  });

  it("releaseAll lets go of every held key and button (window blur)", () => {
    const c = new InputCoalescer({}, 0);
    c.keyDown("w", "KeyW");
    c.pointerDown(3, 4, 2);
    c.flush(0);
    c.releaseAll();
    expect(c.flush(FRAME)).toEqual([
      { kind: "key-up", key: "w", code: "KeyW" },
      { kind: "up", x: 3, y: 4, button: 2 },
    ]);
    c.releaseAll();
    expect(c.flush(2 * FRAME)).toEqual([]);
  });

  it("holds moves when asked (session queue backing up) and sends the latest later", () => {
    const c = new InputCoalescer({}, 0);
    c.pointerMove(1, 1);
    expect(c.flush(0, [], true)).toEqual([]);
    c.pointerMove(2, 2);
    expect(c.flush(100)).toEqual([{ kind: "move", x: 2, y: 2 }]);
  });

  it("drops the oldest presses beyond maxQueue", () => {
    const c = new InputCoalescer({ rate: { perSecond: 1, burst: 1 }, maxQueue: 4 }, 0);
    c.flush(0); // nothing queued; bucket stays full
    for (let b = 0; b < 3; b++) {
      c.pointerDown(0, 0, b);
      c.pointerUp(0, 0, b);
    }
    expect(c.queued).toBe(4);
    expect(c.stats.dropped).toBe(2);
  });
});
