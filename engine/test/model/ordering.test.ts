// Unit tests of message ordering and handler semantics (engine/src/model/runtime.ts and
// scheduler.ts): futures and external events share one (time, seq) order, future()/cancelFuture,
// destroy(), synchronous model→model publish, the model→view outbox, errors in handlers and
// the determinism guard — all identical on every client.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestSession, defineComponent, defineWorld, DeterminismError, encodeSnapshot, hashRuntime, Model, Runtime, type World } from "tandem";
import { FutureQueue, type FutureEntry } from "../../src/model/scheduler.ts";

let errorSpy: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  errorSpy = vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  errorSpy.mockRestore();
});

// ---- futures and external events ------------------------------------------------------------

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

// ---- cancelFuture ----------------------------------------------------------------------------

class Canceller extends Model {
  log: string[] = [];
  results: boolean[] = [];
  override init() {
    this.subscribe(this.sessionId, "cancel", this.cancel);
    this.future(10).a(1);
    this.future(20).a(2);
    this.future(15).b();
    this.future(30).killer();
    this.future(30).victim();
  }
  a(n: number) {
    this.log.push(`a${n}`);
  }
  b() {
    this.log.push("b");
  }
  killer() {
    this.results.push(this.cancelFuture(this.victim));
  }
  victim() {
    this.log.push("victim");
  }
  cancel(what: "a" | "b") {
    this.results.push(what === "a" ? this.cancelFuture(this.a) : this.cancelFuture("b"));
  }
}
Canceller.register("Canceller");

describe("ordering: cancelFuture", () => {
  it("cancels every pending future of the method, by method or by name, and says whether any was pending", () => {
    const rt = new Runtime("cancel");
    rt.start(Canceller);
    const c1 = rt.root as Canceller;
    rt.execute("test", () => void Canceller.create()); // a second model with the same methods
    rt.applyExternal(1, 1, rt.sessionId, "cancel", "a");
    rt.applyExternal(2, 2, rt.sessionId, "cancel", "a");
    rt.applyExternal(3, 3, rt.sessionId, "cancel", "b");
    rt.advanceTo(100);
    // the cancel event reaches both models; the first model's own futures were cancelled by it
    expect(c1.results).toEqual([true, false, true, true]);
    expect(c1.log).toEqual([]);
  });

  it("a future can cancel another due at the same time but created later", () => {
    const rt = new Runtime("cancel-same-time");
    rt.start(Canceller);
    rt.advanceTo(30);
    const c = rt.root as Canceller;
    expect(c.log).toEqual(["a1", "b", "a2"]);
    expect(c.results).toEqual([true]);
  });

  it("only touches the calling model's futures", () => {
    const rt = new Runtime("cancel-own");
    rt.start(Canceller);
    let other: Canceller | undefined;
    rt.execute("test", () => {
      other = Canceller.create();
      other.cancelFuture(other.a);
    });
    rt.advanceTo(25);
    expect((rt.root as Canceller).log).toEqual(["a1", "b", "a2"]);
    expect(other!.log).toEqual(["b"]);
  });
});

// ---- destroy ---------------------------------------------------------------------------------

const Dot = defineComponent("OrderingDot", { x: "f32" });
function countSteps(world: World): void {
  for (const e of world.query(Dot)) world.store(Dot).x[e] = world.store(Dot).x[e]! + 1;
}
const DotWorld = defineWorld({ name: "ordering-dots", components: [Dot], systems: [countSteps], stepsPerSecond: 10 });

class Child extends Model {
  declare world: World;
  hits = 0;
  override init(opts: { name: string }) {
    this.beWellKnownAs(opts.name);
    this.subscribe(this.sessionId, "hit", this.hit);
    this.subscribe("elsewhere", "hit", "hit");
    this.future(50).hit();
    this.world = this.createWorld(DotWorld);
    this.world.addEntity(Dot);
  }
  hit() {
    this.hits++;
  }
}
Child.register("OrderingChild");

class Parent extends Model {
  kids: Child[] = [];
  order: string[] = [];
  override init() {
    this.kids.push(Child.create({ name: "first" }), Child.create({ name: "second" }));
    this.subscribe(this.sessionId, "kill", this.kill);
    this.subscribe(this.sessionId, "hit", this.hitAndKill);
  }
  kill(i: number) {
    const [kid] = this.kids.splice(i, 1);
    kid!.destroy();
    kid!.destroy(); // twice is harmless
  }
  /** Subscribed after both kids: destroying a kid here is too late for this dispatch. */
  hitAndKill() {
    this.order.push(`parent saw ${this.kids.map((k) => k.hits).join(",")}`);
  }
}
Parent.register("OrderingParent");

class Killer extends Model {
  victim: Child | null = null;
  override init() {
    this.subscribe(this.sessionId, "hit", this.killFirst); // subscribed before the victim
    this.victim = Child.create({ name: "victim" });
  }
  killFirst() {
    this.victim?.destroy();
    this.victim = null;
  }
}
Killer.register("OrderingKiller");

describe("ordering: destroy", () => {
  it("removes the model's subscriptions, futures, owned worlds and well-known names", () => {
    const rt = new Runtime("destroy");
    rt.start(Parent);
    const p = rt.root as Parent;
    const [first, second] = p.kids as [Child, Child];
    const firstNum = Number(first.id.slice(1));
    const firstWorld = first.world.id;
    expect(rt.worlds.size).toBe(2);
    rt.applyExternal(5, 1, rt.sessionId, "kill", 0);
    expect(rt.models.has(first.id)).toBe(false);
    expect([...rt.subscriptions.values()].flat().some((s) => s.modelId === first.id)).toBe(false);
    expect(rt.futures.entries().some((e) => (e.method === "" ? e.target === firstWorld : e.target === firstNum))).toBe(false);
    expect(rt.worlds.has(firstWorld)).toBe(false);
    expect(rt.worlds.size).toBe(1);
    expect(p.wellKnownModel("first")).toBeUndefined();
    expect(p.wellKnownModel("second")).toBe(second);
    rt.applyExternal(6, 2, rt.sessionId, "hit", null);
    rt.advanceTo(200);
    expect(first.hits).toBe(0);
    expect(second.hits).toBe(2); // the event and its own future
    expect(second.world.store(Dot).x[1]).toBe(2); // second's world still steps (10/s)
    expect(hashRuntime(rt)).toBe(hashRuntime(rt)); // the snapshot does not trip over the dead model
    expect(() => encodeSnapshot(rt)).not.toThrow();
  });

  it("a model destroyed during a dispatch is not called by it", () => {
    const rt = new Runtime("destroy-during");
    rt.start(Killer);
    const victim = (rt.root as Killer).victim!;
    rt.applyExternal(1, 1, rt.sessionId, "hit", null);
    expect(victim.hits).toBe(0);
    expect(rt.models.size).toBe(1);
    expect(rt.errors).toEqual([]);
  });
});

// ---- publish ---------------------------------------------------------------------------------

class Listener extends Model {
  declare name: string;
  override init(opts: { name: string; relay?: boolean }) {
    this.name = opts.name;
    this.subscribe("hub", "ping", this.onPing);
    if (opts.relay) this.subscribe("hub", "pong", this.onPong);
  }
  hubLog(): string[] {
    return this.wellKnownModel<Hub>("hub")!.log;
  }
  onPing(n: number) {
    this.hubLog().push(`${this.name}:ping${n}`);
    if (this.name === "L1") this.publish("hub", "pong", n * 10);
  }
  onPong(n: number) {
    this.hubLog().push(`${this.name}:pong${n}`);
  }
}
Listener.register("OrderingListener");

class Hub extends Model {
  log: string[] = [];
  seen: number[] = [];
  listeners: Listener[] = [];
  override init() {
    this.beWellKnownAs("hub");
    this.listeners.push(Listener.create({ name: "L1" }), Listener.create({ name: "L2" }), Listener.create({ name: "L3", relay: true }));
    this.subscribe(this.sessionId, "go", this.go);
    this.subscribe(this.sessionId, "reorder", this.reorder);
    this.subscribe(this.sessionId, "view", this.toView);
  }
  go(n: number) {
    this.publish("hub", "ping", n);
    this.seen.push(this.log.length); // synchronous: every handler already ran
  }
  reorder() {
    const l1 = this.listeners[0]!;
    l1.unsubscribe("hub", "ping", l1.onPing);
    l1.subscribe("hub", "ping", l1.onPing); // now last
    l1.subscribe("hub", "ping", "onPing"); // a duplicate is ignored
  }
  toView(n: number) {
    this.publish(this.id, "a", n);
    this.publish(this.id, "b", { n, list: [n] });
    this.publish("hidden", "c", n);
    this.publish(this.id, "d");
  }
}
Hub.register("OrderingHub");

describe("ordering: publish", () => {
  it("delivers model→model events synchronously, in subscription order, depth first", () => {
    const rt = new Runtime("publish");
    rt.start(Hub);
    rt.applyExternal(1, 1, rt.sessionId, "go", 1);
    const hub = rt.root as Hub;
    expect(hub.log).toEqual(["L1:ping1", "L3:pong10", "L2:ping1", "L3:ping1"]);
    expect(hub.seen).toEqual([4]);
  });

  it("re-subscribing moves a handler to the end; duplicates are ignored", () => {
    const rt = new Runtime("publish-reorder");
    rt.start(Hub);
    rt.applyExternal(1, 1, rt.sessionId, "reorder", null);
    rt.applyExternal(2, 2, rt.sessionId, "go", 2);
    expect((rt.root as Hub).log).toEqual(["L2:ping2", "L3:ping2", "L1:ping2", "L3:pong20"]);
  });

  it("queues model→view events in runtime.viewOutbox in publish order, filtered by viewFilter", () => {
    const rt = new Runtime("publish-view");
    rt.viewFilter = (scope) => scope !== "hidden";
    rt.start(Hub);
    rt.viewOutbox.length = 0;
    rt.applyExternal(1, 1, rt.sessionId, "view", 7);
    const hubId = rt.root!.id;
    expect(rt.viewOutbox).toEqual([
      { scope: hubId, event: "a", data: 7 },
      { scope: hubId, event: "b", data: { n: 7, list: [7] } },
      { scope: hubId, event: "d", data: undefined },
      { scope: rt.sessionId, event: "view", data: 7 }, // the external event itself, after what it caused
    ]);
  });

  it("refuses publish, future and create outside model code", () => {
    const rt = new Runtime("outside");
    rt.start(Hub);
    const hub = rt.root as Hub;
    expect(() => hub.publish("x", "y")).toThrow(/publish\(\) can only be called from model code/);
    expect(() => hub.future(5)).toThrow(/future\(\) can only be called from model code/);
  });

  it("refuses arrow functions as handlers with a clear error", () => {
    class ArrowSub extends Model {
      override init() {
        this.subscribe(this.sessionId, "x", (() => undefined) as never);
      }
    }
    ArrowSub.register("OrderingArrowSub");
    const rt = new Runtime("arrow-sub");
    expect(() => rt.start(ArrowSub)).toThrow(/handler must be a method of ArrowSub/);
  });
});

// ---- errors and the determinism guard ----------------------------------------------------------

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
    rt.start(Fragile);
    const m = rt.root as Fragile;
    rt.execute("test", () => {
      m.future(10).failingFuture();
      m.future(10).laterFuture();
      m.future(12).laterFuture();
    });
    rt.advanceTo(20);
    expect(m.log).toEqual(["later@10", "later@12"]);
    expect(rt.errors.map((e) => e.where)).toEqual(["Fragile.failingFuture"]);
  });

  it("keeps logging through the real console without disturbing the order", () => {
    errorSpy.mockRestore();
    const passthrough = vi.spyOn(console, "error"); // calls the real console.error
    try {
      const rt = new Runtime("real-console");
      rt.start(Fragile);
      const m = rt.root as Fragile;
      rt.execute("test", () => {
        m.future(10).failingFuture();
        m.future(10).laterFuture();
      });
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
    rt.start(Fragile);
    const m = rt.root as Fragile;
    rt.execute("test", () => {
      m.future(10).failingFuture();
      m.future(10).laterFuture();
      m.future(12).laterFuture();
    });
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
    rt.start(Fragile);
    const m = rt.root as Fragile;
    rt.execute("test", () => {
      m.future(10).failingFuture();
      m.future(10).laterFuture();
    });
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
