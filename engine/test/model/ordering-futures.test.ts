// Ordering of futures (engine/src/model/runtime.ts and scheduler.ts): futures and external events
// share one (time, seq) order; future()'s delays; and the FutureQueue that keeps the order.
import { describe, expect, it } from "vitest";
import { Model, Runtime } from "tandem";
import { FutureQueue, type FutureEntry } from "../../src/model/scheduler.ts";
import { quietConsoleErrors } from "./quiet-console.ts";

quietConsoleErrors();

class Timeline extends Model {
  log: string[] = [];
  override init() {
    this.subscribe(this.sessionId, "ev", this.ev);
    this.future(10).mark("a");
    this.future(5).chain("c");
    this.future(10).mark("b");
    this.future(10.5).mark("a-bit-later");
    this.future(10).deep(3);
    this.future(10).mark("b2");
    this.future(20).mark("late");
  }
  mark(name: string) {
    this.log.push(`${name}@${this.now()}`);
  }
  chain(name: string) {
    this.mark(name);
    this.future(5).mark("d"); // due at 10, but created after a, b, deep, b2
    this.future(0).mark("c0");
  }
  deep(n: number) {
    this.mark(`deep${n}`);
    if (n > 0) this.future(0).deep(n - 1);
  }
  ev(name: string) {
    this.mark(`ev:${name}`);
    this.future(0).mark(`after-${name}`);
    this.future().mark(`no-arg-${name}`);
  }
}
Timeline.register("Timeline");

function startTimeline(): Runtime {
  const rt = new Runtime("ordering");
  rt.start(Timeline);
  return rt;
}

const logOf = (rt: Runtime) => (rt.root as Timeline).log;

describe("ordering: futures", () => {
  it("runs futures at equal times in creation order, including ones created by earlier futures", () => {
    const rt = startTimeline();
    rt.advanceTo(10);
    expect(logOf(rt)).toEqual(["c@5", "c0@5", "a@10", "b@10", "deep3@10", "b2@10", "d@10", "deep2@10", "deep1@10", "deep0@10"]);
    expect(rt.time).toBe(10);
  });

  it("gives each future its own due time as now()", () => {
    const rt = startTimeline();
    rt.advanceTo(100);
    expect(logOf(rt).slice(-2)).toEqual(["a-bit-later@10.5", "late@20"]);
    expect(rt.time).toBe(100);
  });

  it("runs a future due exactly at T before an external event stamped T, and one due after T after it", () => {
    const rt = startTimeline();
    rt.applyExternal(10, 1, rt.sessionId, "ev", "x");
    const log = logOf(rt);
    expect(log.indexOf("ev:x@10")).toBe(log.length - 1);
    expect(log).toContain("b2@10");
    expect(log).toContain("d@10"); // created by a future at 5
    expect(log).toContain("deep0@10"); // created by futures at 10
    expect(log).not.toContain("a-bit-later@10.5");
    rt.advanceTo(11);
    expect(logOf(rt).slice(-3)).toEqual(["after-x@10", "no-arg-x@10", "a-bit-later@10.5"]);
  });

  it("runs futures an event handler created at T before the next event at the same T", () => {
    const rt = startTimeline();
    rt.applyExternal(10, 1, rt.sessionId, "ev", "x");
    rt.applyExternal(10, 2, rt.sessionId, "ev", "y");
    expect(logOf(rt).slice(-4)).toEqual(["ev:x@10", "after-x@10", "no-arg-x@10", "ev:y@10"]);
  });

  it("future() with no argument is future(0): due now", () => {
    const rt = startTimeline();
    rt.applyExternal(3, 1, rt.sessionId, "ev", "z");
    const pending = rt.futures.entries().filter((e) => e.method === "mark" && String(e.args[0]).startsWith("no-arg"));
    expect(pending).toHaveLength(1);
    expect(pending[0]!.time).toBe(3);
    rt.advanceTo(3); // same time: still runs it
    expect(logOf(rt).at(-1)).toBe("no-arg-z@3");
  });

  it("never moves model time backwards", () => {
    const rt = startTimeline();
    rt.advanceTo(50);
    rt.advanceTo(20);
    expect(rt.time).toBe(50);
    rt.applyExternal(30, 1, rt.sessionId, "ev", "old");
    expect(logOf(rt).at(-1)).toBe("ev:old@50");
  });

  class Scatter extends Model {
    log: [number, number][] = [];
    override init() {
      for (let i = 0; i < 300; i++) this.future(Math.floor(this.random() * 12) * 5).hit(i);
    }
    hit(i: number) {
      this.log.push([this.now(), i]);
    }
  }
  Scatter.register("OrderingScatter");

  it("orders many futures by (time, creation) whatever order they were created in", () => {
    const rt = new Runtime("scatter");
    rt.start(Scatter);
    rt.advanceTo(1000);
    const log = (rt.root as Scatter).log;
    expect(log).toHaveLength(300);
    const expected = log.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(log).toEqual(expected);
  });

  class BadDelay extends Model {
    override init() {
      this.subscribe(this.sessionId, "try", this.try);
    }
    try(ms: number) {
      this.future(ms).try(0);
    }
  }
  BadDelay.register("OrderingBadDelay");

  it("refuses negative, NaN and infinite delays with a clear error", () => {
    const rt = new Runtime("bad-delay");
    rt.start(BadDelay);
    [-1, NaN, Infinity].forEach((ms, i) => rt.applyExternal(1, i + 1, rt.sessionId, "try", ms));
    expect(rt.errors.map((e) => String(e.error))).toEqual([
      expect.stringMatching(/future\(-1\).*finite number of ms ≥ 0/),
      expect.stringMatching(/future\(NaN\)/),
      expect.stringMatching(/future\(Infinity\)/),
    ]);
    expect(rt.futures.size).toBe(0);
  });
});

describe("ordering: FutureQueue", () => {
  const entry = (time: number, seq: number): FutureEntry => ({ time, seq, target: 1, method: "m", args: [] });

  it("pops in (time, seq) order and lists entries in that order", () => {
    const q = new FutureQueue();
    let x = 99;
    const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
    const all: FutureEntry[] = [];
    for (let seq = 0; seq < 500; seq++) {
      const e = entry(next() % 40, seq);
      all.push(e);
      q.push(e);
    }
    const sorted = all.slice().sort((a, b) => a.time - b.time || a.seq - b.seq);
    expect(q.entries()).toEqual(sorted);
    expect(q.peek()).toBe(sorted[0]);
    const popped: FutureEntry[] = [];
    while (q.size > 0) popped.push(q.pop()!);
    expect(popped).toEqual(sorted);
    expect(q.pop()).toBeUndefined();
  });

  it("keeps the order after removeWhere", () => {
    const q = new FutureQueue();
    for (let seq = 0; seq < 100; seq++) q.push(entry((seq * 37) % 11, seq));
    expect(q.removeWhere((e) => e.seq % 3 === 0)).toBe(34);
    expect(q.removeWhere(() => false)).toBe(0);
    q.push(entry(0, 1000));
    const popped: FutureEntry[] = [];
    while (q.size > 0) popped.push(q.pop()!);
    expect(popped.map((e) => [e.time, e.seq])).toEqual(popped.map((e) => [e.time, e.seq]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
    expect(popped).toHaveLength(67);
  });
});
