// Errors in handlers, futures and systems, and the determinism guard's refusals: each is recorded
// and logged, the next message runs, and every client fails identically.
import { describe, expect, it, vi } from "vitest";
import { createTestSession, defineComponent, defineWorld, DeterminismError, Model, Runtime, type World } from "tandem";
import { errorSpy, quietConsoleErrors } from "./quiet-console.ts";

quietConsoleErrors();

const Spark = defineComponent("OrderingSpark", { n: "i32" });
function flakySystem(world: World): void {
  for (const input of world.inputs) if (input === "boom") throw new Error("system exploded");
  for (const e of world.query(Spark)) world.store(Spark).n[e] = world.store(Spark).n[e]! + 1;
}
const FlakyWorld = defineWorld({ name: "ordering-flaky", components: [Spark], systems: [flakySystem], stepsPerSecond: 10 });

class Fragile extends Model {
  count = 0;
  log: string[] = [];
  declare world: World;
  override init() {
    this.subscribe(this.sessionId, "inc", this.inc);
    this.subscribe(this.sessionId, "fail", this.fail);
    this.subscribe(this.sessionId, "cheat", this.cheat);
    this.subscribe(this.sessionId, "boom", this.boom);
    this.world = this.createWorld(FlakyWorld);
    this.world.addEntity(Spark);
  }
  inc(n: number) {
    this.count += n;
    this.log.push(`inc${n}`);
  }
  fail(msg: string) {
    this.count += 100; // a partial change before the throw stays, identically everywhere
    throw new Error(msg);
  }
  cheat(kind: string) {
    this.log.push(`cheat ${kind}`);
    if (kind === "random") this.count += Math.random();
    if (kind === "now") this.count += Date.now();
    if (kind === "date") this.count += new Date().getTime();
    if (kind === "perf") this.count += performance.now();
    if (kind === "timeout") setTimeout(() => undefined, 0);
    if (kind === "interval") setInterval(() => undefined, 10);
    this.log.push("not reached");
  }
  boom() {
    this.world.inputs.push("boom");
  }
  failingFuture() {
    throw new Error("future failed");
  }
  laterFuture() {
    this.log.push(`later@${this.now()}`);
  }
}
Fragile.register("OrderingFragile");

/** Starts Fragile on `rt` with a failing future due at 10, then a laterFuture due at each of `laterAt`. */
function startWithFailingFuture(rt: Runtime, laterAt: number[]): Fragile {
  rt.start(Fragile);
  const m = rt.root as Fragile;
  rt.execute("test", () => {
    m.future(10).failingFuture();
    for (const t of laterAt) m.future(t).laterFuture();
  });
  return m;
}

describe("ordering: errors in handlers", () => {
  it("records the error with where and time, logs it, and runs the next message", () => {
    const rt = new Runtime("errors");
    rt.start(Fragile);
    rt.applyExternal(5, 1, rt.sessionId, "fail", "bad input");
    rt.applyExternal(6, 2, rt.sessionId, "inc", 1);
    const m = rt.root as Fragile;
    expect(m.count).toBe(101);
    expect(m.log).toEqual(["inc1"]);
    expect(rt.errors).toHaveLength(1);
    expect(rt.errors[0]).toMatchObject({ where: "Fragile.fail", time: 5 });
    expect((rt.errors[0]!.error as Error).message).toBe("bad input");
    expect(errorSpy).toHaveBeenCalledTimes(1);
    expect(String(errorSpy.mock.calls[0]![0])).toContain("error in model code (Fragile.fail) at t=5");
    expect(errorSpy.mock.calls[0]![1]).toBe(rt.errors[0]!.error);
  });

  it("calls onError with the same record", () => {
    const rt = new Runtime("on-error");
    const seen: unknown[] = [];
    rt.onError = (e) => seen.push(e);
    rt.start(Fragile);
    rt.applyExternal(1, 1, rt.sessionId, "fail", "x");
    expect(seen).toEqual([rt.errors[0]]);
  });

  it("a failing future does not stop later futures of the same advance", () => {
    const rt = new Runtime("future-errors");
    const m = startWithFailingFuture(rt, [10, 12]);
    rt.advanceTo(20);
    expect(m.log).toEqual(["later@10", "later@12"]);
    expect(rt.errors.map((e) => e.where)).toEqual(["Fragile.failingFuture"]);
  });

  it("keeps logging through the real console without disturbing the order", () => {
    errorSpy.mockRestore();
    const passthrough = vi.spyOn(console, "error"); // calls the real console.error
    try {
      const rt = new Runtime("real-console");
      const m = startWithFailingFuture(rt, [10]);
      rt.advanceTo(10);
      expect(m.log).toEqual(["later@10"]);
      expect(passthrough).toHaveBeenCalledTimes(1);
    } finally {
      passthrough.mockRestore();
    }
  });

  it("a logger that reads the clock (as timestamping loggers do) does not disturb the message flow", () => {
    errorSpy.mockImplementation(() => void Date.now());
    const rt = new Runtime("clock-logger");
    const m = startWithFailingFuture(rt, [10, 12]);
    rt.advanceTo(20);
    expect(m.log).toEqual(["later@10", "later@12"]);
    expect(rt.errors.map((e) => e.where)).toEqual(["Fragile.failingFuture"]);
    expect(rt.futures.entries().every((e) => e.time > 20)).toBe(true);
    expect(errorSpy).toHaveBeenCalledTimes(1);
  });

  it("runs the onError hook outside model code: it may read the clock, and its own errors change nothing", () => {
    const rt = new Runtime("hooks");
    const stamps: number[] = [];
    rt.onError = () => {
      stamps.push(Date.now());
      throw new Error("hook bug");
    };
    const m = startWithFailingFuture(rt, [10]);
    rt.advanceTo(10);
    rt.applyExternal(11, 1, rt.sessionId, "fail", "x");
    rt.applyExternal(12, 2, rt.sessionId, "inc", 1);
    expect(m.log).toEqual(["later@10", "inc1"]);
    expect(stamps).toHaveLength(2);
    expect(stamps.every((t) => typeof t === "number" && t > 0)).toBe(true);
    expect(rt.errors.map((e) => e.where)).toEqual(["Fragile.failingFuture", "Fragile.fail"]);
  });

  it("a throwing system still counts the step, drops its inputs, and the next step runs", () => {
    const rt = new Runtime("system-errors");
    rt.start(Fragile);
    const m = rt.root as Fragile;
    rt.advanceTo(200); // steps 1, 2
    rt.applyExternal(201, 1, rt.sessionId, "boom", null);
    rt.advanceTo(500); // step 3 throws, 4 and 5 run
    expect(m.world.stepCount).toBe(5);
    expect(m.world.inputs).toEqual([]);
    expect(m.world.store(Spark).n[1]).toBe(4);
    expect(rt.errors).toHaveLength(1);
    expect(rt.errors[0]!.where).toContain('world "ordering-flaky" step 2');
    expect((rt.errors[0]!.error as Error).message).toBe("system exploded");
  });

  it("fails identically on every client: equal hashes, the same errors everywhere", () => {
    const s = createTestSession({ model: Fragile, sessionId: "errors-everywhere", tickMs: 25 });
    const [a, b] = [s.join(), s.join()];
    s.advance(50);
    a.publish(s.sessionId, "inc", 2);
    b.publish(s.sessionId, "fail", "oops");
    a.publish(s.sessionId, "inc", 3);
    a.publish(s.sessionId, "boom");
    s.advance(200);
    const c = s.join(); // replays or loads a snapshot: either way the same state
    b.publish(s.sessionId, "fail", "again");
    b.publish(s.sessionId, "inc", 4);
    s.advance(100);
    expect(new Set(s.hashes()).size).toBe(1);
    for (const client of [a, b, c]) {
      expect(client.model.count).toBe(209);
      expect(client.model.log).toEqual(a.model.log);
    }
    const whereA = a.runtime.errors.map((e) => e.where);
    expect(whereA).toEqual(["Fragile.fail", expect.stringContaining("step"), "Fragile.fail"]);
    expect(b.runtime.errors.map((e) => e.where)).toEqual(whereA);
  });
});

describe("ordering: determinism guard", () => {
  const cases: [kind: string, call: string, fix: string][] = [
    ["random", "Math.random()", "use this.random()"],
    ["now", "Date.now()", "use this.now()"],
    ["date", "new Date()", "use this.now()"],
    ["perf", "performance.now()", "use this.now()"],
    ["timeout", "setTimeout()", "use this.future(ms).method()"],
    ["interval", "setInterval()", "use this.future(ms).method()"],
  ];
  for (const [kind, call, fix] of cases) {
    it(`records ${call} in a handler as an error naming the call and the fix`, () => {
      const rt = new Runtime(`guard-${kind}`);
      rt.start(Fragile);
      rt.applyExternal(1, 1, rt.sessionId, "cheat", kind);
      rt.applyExternal(2, 2, rt.sessionId, "inc", 1);
      const m = rt.root as Fragile;
      expect(m.log).toEqual([`cheat ${kind}`, "inc1"]);
      expect(m.count).toBe(1);
      expect(rt.errors).toHaveLength(1);
      const err = rt.errors[0]!.error as DeterminismError;
      expect(err).toBeInstanceOf(DeterminismError);
      expect(err.call).toBe(call);
      expect(err.message).toContain(`${call} inside model code`);
      expect(err.message).toContain(fix);
      expect(String(errorSpy.mock.calls[0]![0])).toContain("Fragile.cheat");
    });
  }

  it("leaves the real globals working outside model code", () => {
    const rt = new Runtime("guard-after");
    rt.start(Fragile);
    rt.applyExternal(1, 1, rt.sessionId, "cheat", "random");
    const r = Math.random();
    expect(r).toBeGreaterThanOrEqual(0);
    expect(typeof Date.now()).toBe("number");
    expect(new Date(0).getTime()).toBe(0);
  });

  it("keeps state equal across clients when handlers call nondeterministic globals", () => {
    const s = createTestSession({ model: Fragile, sessionId: "guard-everywhere", tickMs: 25 });
    const [a, b] = [s.join(), s.join()];
    s.advance(25);
    for (const [kind] of cases) a.publish(s.sessionId, "cheat", kind);
    b.publish(s.sessionId, "inc", 5);
    s.advance(50);
    const c = s.join();
    s.advance(25);
    expect(new Set(s.hashes()).size).toBe(1);
    for (const client of [a, b, c]) {
      expect(client.model.count).toBe(5);
      expect(client.model.log).toEqual([...cases.map(([k]) => `cheat ${k}`), "inc5"]);
    }
    expect(a.runtime.errors.map((e) => (e.error as DeterminismError).call)).toEqual(cases.map(([, call]) => call));
    expect(b.runtime.errors.map((e) => (e.error as DeterminismError).call)).toEqual(cases.map(([, call]) => call));
  });
});
