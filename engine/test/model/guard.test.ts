// Tests for the runtime determinism guard: installed once on first use, every trapped global
// throws a DeterminismError naming the call and the fix inside runGuarded, behaves exactly as
// the original outside it, and uninstallGuard puts the identical originals back.
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { DeterminismError, isGuardActive, runGuarded, uninstallGuard } from "../../src/model/guard.ts";

const G = globalThis as unknown as Record<string, unknown>;

const RANDOM = "use this.random()";
const NOW = "use this.now()";
const FUTURE = "use this.future(ms).method()";
const NETWORK = "network access inside model code — publish an event from the view instead";
const DOM = "DOM access inside model code — models must not touch the DOM; do it in the view";

const GLOBAL_NAMES = [
  "Date", "setTimeout", "setInterval", "setImmediate", "queueMicrotask", "requestAnimationFrame",
  "fetch", "XMLHttpRequest", "WebSocket", "document", "window", "localStorage", "sessionStorage",
  "navigator", "performance",
] as const;
/** Trapped in Node 20; the others do not exist here. */
const NODE_FUNCTIONS = ["setTimeout", "setInterval", "setImmediate", "queueMicrotask", "fetch"] as const;
const ABSENT_IN_NODE = [
  "requestAnimationFrame", "XMLHttpRequest", "WebSocket", "document", "window", "localStorage",
  "sessionStorage", "navigator",
] as const;

// Taken before anything calls runGuarded: the install is lazy.
const perfHolder = Object.hasOwn(performance, "now") ? performance : Object.getPrototypeOf(performance) as object;
type Snapshot = Map<string, PropertyDescriptor | undefined>;
function snapshot(): Snapshot {
  const m: Snapshot = new Map();
  for (const name of GLOBAL_NAMES) m.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
  m.set("Math.random", Object.getOwnPropertyDescriptor(Math, "random"));
  m.set("Date.now", Object.getOwnPropertyDescriptor(Date, "now"));
  m.set("Date.prototype.constructor", Object.getOwnPropertyDescriptor(Date.prototype, "constructor"));
  m.set("performance.now", Object.getOwnPropertyDescriptor(perfHolder, "now"));
  return m;
}
const before = snapshot();
const RealDate = Date;
const realDateNow = Date.now;
const realRandom = Math.random;
const realPerfNow = (perfHolder as { now: () => number }).now;
const realSetTimeout = setTimeout;
const realFunctions = new Map(NODE_FUNCTIONS.map((name) => [name, G[name]]));
const datedBeforeInstall = new Date(0);

/** Own descriptors equal field by field, functions by identity. */
function expectSameDescriptors(a: Snapshot, b: Snapshot): void {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [name, d] of a) {
    const e = b.get(name);
    if (d === undefined) {
      expect(e, name).toBeUndefined();
      continue;
    }
    expect(e, name).toBeDefined();
    for (const field of ["value", "get", "set", "writable", "enumerable", "configurable"] as const) {
      expect(e?.[field], `${name}.${field}`).toBe(d[field]);
    }
  }
}

/** Runs `call` guarded and returns what it threw (assertions happen outside the guard). */
function thrownInside(call: () => unknown): unknown {
  let caught: unknown = undefined;
  runGuarded(() => {
    try {
      call();
    } catch (err) {
      caught = err;
    }
  });
  return caught;
}

function expectRefused(err: unknown, call: string, ...fragments: string[]): void {
  expect(err).toBeInstanceOf(DeterminismError);
  expect(err).toBeInstanceOf(Error);
  const e = err as DeterminismError;
  expect(e.name).toBe("DeterminismError");
  expect(e.call).toBe(call);
  expect(e.message).toContain(call);
  for (const f of fragments) expect(e.message).toContain(f);
}

afterEach(() => {
  expect(isGuardActive()).toBe(false);
});

afterAll(() => {
  uninstallGuard();
});

describe("install once", () => {
  it("patches nothing until the first runGuarded call", () => {
    expect(Math.random).toBe(realRandom);
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    expectSameDescriptors(before, snapshot());
  });

  it("then keeps the same wrappers in place across calls instead of swapping globals", () => {
    runGuarded(() => undefined);
    const wrappers = [Math.random, Date, Date.now, performance.now, globalThis.setTimeout, globalThis.fetch];
    expect(Math.random).not.toBe(realRandom);
    expect(Date).not.toBe(RealDate);
    expect(Date.now).not.toBe(realDateNow);
    expect(performance.now).not.toBe(realPerfNow);
    expect(globalThis.setTimeout).not.toBe(realSetTimeout);
    let inside: unknown[] = [];
    runGuarded(() => {
      inside = [Math.random, Date, Date.now, performance.now, globalThis.setTimeout, globalThis.fetch];
    });
    runGuarded(() => undefined);
    const after = [Math.random, Date, Date.now, performance.now, globalThis.setTimeout, globalThis.fetch];
    wrappers.forEach((w, i) => {
      expect(inside[i], String(i)).toBe(w);
      expect(after[i], String(i)).toBe(w);
    });
  });
});

describe("inside runGuarded every trapped global throws", () => {
  const cases: [label: string, call: () => unknown, name: string, fix: string][] = [
    ["Math.random", () => Math.random(), "Math.random()", RANDOM],
    ["Date.now", () => Date.now(), "Date.now()", NOW],
    ["Date.now on a Date reference taken before install", () => RealDate.now(), "Date.now()", NOW],
    ["new Date()", () => new Date(), "new Date()", NOW],
    ["new Date(ms)", () => new Date(0), "new Date()", NOW],
    ["Date()", () => Date(), "Date()", NOW],
    ["a Date subclass", () => new (class SubDate extends Date {})(), "new Date()", NOW],
    ["Reflect.construct(Date)", () => Reflect.construct(Date, [0]), "new Date()", NOW],
    ["Date.prototype.constructor", () => new (datedBeforeInstall.constructor as DateConstructor)(), "new Date()", NOW],
    ["performance.now", () => performance.now(), "performance.now()", NOW],
    ["setTimeout", () => setTimeout(() => undefined, 0), "setTimeout()", FUTURE],
    ["globalThis.setTimeout", () => globalThis.setTimeout(() => undefined, 0), "setTimeout()", FUTURE],
    ["setInterval", () => setInterval(() => undefined, 1000), "setInterval()", FUTURE],
    ["setImmediate", () => setImmediate(() => undefined), "setImmediate()", FUTURE],
    ["queueMicrotask", () => queueMicrotask(() => undefined), "queueMicrotask()", FUTURE],
    ["fetch", () => fetch("data:text/plain,x"), "fetch()", NETWORK],
  ];

  it.each(cases)("%s", (_label, call, name, fix) => {
    expectRefused(thrownInside(call), name, `${name}${fix === NETWORK ? ":" : " inside model code —"}`, fix);
  });

  it("uses the exact messages", () => {
    expect((thrownInside(() => Math.random()) as Error).message).toBe("Math.random() inside model code — use this.random()");
    expect((thrownInside(() => new Date()) as Error).message).toBe("new Date() inside model code — use this.now()");
    expect((thrownInside(() => fetch("x")) as Error).message).toBe(`fetch(): ${NETWORK}`);
  });

  it("globals absent from Node stay absent: a bare reference throws a ReferenceError", () => {
    runGuarded(() => undefined);
    for (const name of ABSENT_IN_NODE) {
      expect(Object.hasOwn(globalThis, name), name).toBe(false);
      expect(thrownInside(() => G[name]), name).toBeUndefined(); // a property read is just undefined
    }
    expect(thrownInside(() => document.title)).toBeInstanceOf(ReferenceError);
    expect(thrownInside(() => window.location)).toBeInstanceOf(ReferenceError);
    expect(thrownInside(() => localStorage.getItem("k"))).toBeInstanceOf(ReferenceError);
  });

  it("keeps pure Date helpers and instanceof Date working", () => {
    let utc = 0, parsed = 0, isDate = false;
    runGuarded(() => {
      utc = Date.UTC(2020, 0, 1);
      parsed = Date.parse("2020-01-01T00:00:00Z");
      isDate = datedBeforeInstall instanceof Date;
    });
    expect(utc).toBe(RealDate.UTC(2020, 0, 1));
    expect(parsed).toBe(utc);
    expect(isDate).toBe(true);
  });

  it("leaves ordinary deterministic code alone and returns its value", () => {
    expect(runGuarded(() => Math.sqrt(16) + [3, 1, 2].sort().length)).toBe(7);
  });
});

describe("activation", () => {
  it("is active only inside runGuarded", () => {
    expect(isGuardActive()).toBe(false);
    let inside = false;
    runGuarded(() => { inside = isGuardActive(); });
    expect(inside).toBe(true);
    expect(isGuardActive()).toBe(false);
  });

  it("nests: the inner exit keeps the traps armed, the outer exit disarms them", () => {
    const seen: unknown[] = [];
    const v = runGuarded(() => {
      const inner = runGuarded(() => {
        seen.push(isGuardActive());
        return runGuarded(() => 41) + 1;
      });
      seen.push(isGuardActive());
      try { Math.random(); } catch (err) { seen.push(err instanceof DeterminismError); }
      return inner;
    });
    expect(v).toBe(42);
    expect(seen).toEqual([true, true, true]);
    expect(isGuardActive()).toBe(false);
    expect(typeof Math.random()).toBe("number");
  });

  it("an exception thrown by fn propagates and the depth resets", () => {
    const boom = new Error("boom");
    expect(() => runGuarded(() => { throw boom; })).toThrow(boom);
    expect(isGuardActive()).toBe(false);
    expect(typeof Date.now()).toBe("number");
    expect(() => runGuarded(() => runGuarded(() => runGuarded(() => { throw boom; })))).toThrow(boom);
    expect(isGuardActive()).toBe(false);
    expect(typeof Math.random()).toBe("number");
  });

  it("a DeterminismError escaping fn propagates and the depth resets", () => {
    expect(() => runGuarded(() => Math.random())).toThrow(DeterminismError);
    expect(isGuardActive()).toBe(false);
    expect(typeof Math.random()).toBe("number");
  });

  it("an exception from a nested call caught by the outer one keeps the outer guard", () => {
    let stillTrapped = false;
    runGuarded(() => {
      try { runGuarded(() => { throw new Error("inner"); }); } catch { /* handled by the model */ }
      try { Date.now(); } catch (err) { stillTrapped = err instanceof DeterminismError; }
    });
    expect(stillTrapped).toBe(true);
    expect(isGuardActive()).toBe(false);
  });
});

describe("outside runGuarded the wrappers are faithful", () => {
  it("Date: construction, calls, statics, instanceof, constructor, subclasses", () => {
    runGuarded(() => undefined);
    const d = new Date();
    expect(d).toBeInstanceOf(Date);
    expect(d).toBeInstanceOf(RealDate);
    expect(Object.getPrototypeOf(d)).toBe(RealDate.prototype);
    expect(d.constructor).toBe(Date);
    expect(datedBeforeInstall).toBeInstanceOf(Date);
    expect(new Date(0).toISOString()).toBe("1970-01-01T00:00:00.000Z");
    expect(new Date(2020, 0, 1, 12).getHours()).toBe(12);
    expect(new Date("2020-01-01T00:00:00Z").getTime()).toBe(RealDate.UTC(2020, 0, 1));
    expect(typeof Date()).toBe("string");
    expect(typeof Date.now()).toBe("number");
    expect(Date.UTC(2020, 0, 1)).toBe(1577836800000);
    expect(Date.parse("1970-01-01T00:00:01Z")).toBe(1000);
    expect(Date.prototype).toBe(RealDate.prototype);
    expect(Date.name).toBe("Date");
    expect(Date.length).toBe(7);
    expect(Date.now.name).toBe("now");
    expect(Date.now.length).toBe(0);
    expect(Reflect.construct(Date, [5])).toEqual(new RealDate(5));

    class D extends Date {
      twice(): number { return this.getTime() * 2; }
    }
    const sub = new D(21);
    expect(sub).toBeInstanceOf(D);
    expect(sub).toBeInstanceOf(Date);
    expect(sub.twice()).toBe(42);
    expect(sub.constructor).toBe(D);
    expect(typeof D.now()).toBe("number");
    expect(D.UTC(1970, 0, 1)).toBe(0);
  });

  it("Math.random returns numbers in [0, 1) and keeps its name and length", () => {
    runGuarded(() => undefined);
    for (let i = 0; i < 1000; i++) {
      const r = Math.random();
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThan(1);
    }
    expect(Math.random.name).toBe("random");
    expect(Math.random.length).toBe(0);
    expect(() => new (Math.random as unknown as new () => unknown)()).toThrow(TypeError); // as the built-in
  });

  it("performance.now returns increasing numbers", async () => {
    runGuarded(() => undefined);
    const a = performance.now();
    const b = performance.now();
    expect(typeof a).toBe("number");
    expect(b).toBeGreaterThanOrEqual(a);
    await new Promise<void>((resolve) => realSetTimeout(resolve, 5));
    expect(performance.now()).toBeGreaterThan(a);
    expect(performance.now.name).toBe("now");
  });

  it("setTimeout really fires, returns a Node Timeout and can be cleared", async () => {
    runGuarded(() => undefined);
    expect(globalThis.setTimeout).not.toBe(realSetTimeout);
    let clearedFired = false;
    const cleared = setTimeout(() => { clearedFired = true; }, 1);
    expect(typeof cleared.unref).toBe("function");
    expect(typeof cleared.hasRef).toBe("function");
    expect(cleared.hasRef()).toBe(true);
    expect(cleared.unref()).toBe(cleared);
    clearTimeout(cleared);
    const arg = await new Promise<string>((resolve) => setTimeout(resolve, 10, "fired"));
    expect(arg).toBe("fired");
    expect(clearedFired).toBe(false);
  });

  it("setInterval, setImmediate and queueMicrotask work", async () => {
    runGuarded(() => undefined);
    let ticks = 0;
    await new Promise<void>((resolve) => {
      const id = setInterval(() => {
        if (++ticks === 3) {
          clearInterval(id);
          resolve();
        }
      }, 1);
    });
    expect(ticks).toBe(3);
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => queueMicrotask(resolve));
  });

  it("keeps names, lengths, prototypes and statics such as util.promisify.custom", async () => {
    runGuarded(() => undefined);
    for (const [name, orig] of realFunctions) {
      const wrapper = G[name] as (...args: unknown[]) => unknown;
      const original = orig as (...args: unknown[]) => unknown;
      expect(wrapper, name).not.toBe(original);
      expect(wrapper.name, name).toBe(original.name);
      expect(wrapper.length, name).toBe(original.length);
      expect(Object.getOwnPropertyDescriptor(wrapper, "prototype")?.value, name).toBe(original.prototype);
    }
    expect(await promisify(setTimeout)(1, "value")).toBe("value");
    expect(await (await fetch("data:text/plain,hello")).text()).toBe("hello");
  });
});

describe("uninstallGuard", () => {
  it("restores the identical original objects and own descriptors", () => {
    runGuarded(() => undefined);
    uninstallGuard();
    expect(Math.random).toBe(realRandom);
    expect(Date).toBe(RealDate);
    expect(Date.now).toBe(realDateNow);
    expect(Date.prototype.constructor).toBe(RealDate);
    expect((perfHolder as { now: unknown }).now).toBe(realPerfNow);
    expect(Object.hasOwn(performance, "now")).toBe(perfHolder === performance);
    for (const [name, orig] of realFunctions) expect(G[name], name).toBe(orig);
    expectSameDescriptors(before, snapshot());
    uninstallGuard(); // twice is harmless
    expectSameDescriptors(before, snapshot());
  });

  it("the next runGuarded installs again", () => {
    uninstallGuard();
    expect(Math.random).toBe(realRandom);
    expectRefused(thrownInside(() => Math.random()), "Math.random()", RANDOM);
    expectRefused(thrownInside(() => new Date()), "new Date()", NOW);
    expect(Math.random).not.toBe(realRandom);
    expect(typeof Math.random()).toBe("number");
    uninstallGuard();
    expectSameDescriptors(before, snapshot());
  });

  it("leaves a replacement installed after it alone (fake timers), which is not trapped", () => {
    runGuarded(() => undefined);
    const fake = (() => 0) as unknown as typeof setTimeout;
    globalThis.setTimeout = fake;
    try {
      expect(thrownInside(() => setTimeout(() => undefined, 0))).toBeUndefined();
      expect(thrownInside(() => Math.random())).toBeInstanceOf(DeterminismError);
      uninstallGuard();
      expect(globalThis.setTimeout).toBe(fake);
      expect(Math.random).toBe(realRandom);
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    expectSameDescriptors(before, snapshot());
  });
});

describe("browser-style globals present when the guard installs", () => {
  it("traps function, class, accessor and data globals and restores them exactly", () => {
    uninstallGuard();
    const globalProto = Object.getPrototypeOf(globalThis) as object;
    const canShadow = globalProto !== Object.prototype; // Node: a plain object between them
    const raf = function requestAnimationFrame(cb: () => void): number { cb(); return 7; };
    const FakeWebSocket = class WebSocket {
      static readonly OPEN = 1;
      readonly url: string;
      constructor(url: string) { this.url = url; }
    };
    const FakeXHR = class XMLHttpRequest {
      static readonly DONE = 4;
    };
    type WS = typeof FakeWebSocket;
    const storage = { getItem: (k: string) => `v:${k}` };
    const localGet = () => storage;
    const navGet = function (this: unknown) { return { userAgent: "test", self: this }; };
    const doc = { title: "page" };
    const defined = {
      requestAnimationFrame: { value: raf, writable: true, enumerable: true, configurable: true },
      WebSocket: { value: FakeWebSocket, writable: true, enumerable: false, configurable: true },
      XMLHttpRequest: { value: FakeXHR, writable: true, enumerable: false, configurable: true },
      localStorage: { get: localGet, set: undefined, enumerable: true, configurable: true }, // jsdom style
      document: { value: doc, writable: false, enumerable: false, configurable: true }, // happy-dom style
    };
    Object.defineProperties(globalThis, defined);
    if (canShadow) Object.defineProperty(globalProto, "navigator", { get: navGet, enumerable: true, configurable: true });
    try {
      expectRefused(thrownInside(() => requestAnimationFrame(() => undefined)), "requestAnimationFrame()", FUTURE);
      expectRefused(thrownInside(() => new (G.WebSocket as WS)("ws://x")), "WebSocket", NETWORK);
      expectRefused(thrownInside(() => new (G.XMLHttpRequest as typeof FakeXHR)()), "XMLHttpRequest", NETWORK);
      expectRefused(thrownInside(() => localStorage.getItem("k")), "localStorage", DOM);
      expectRefused(thrownInside(() => document.title), "document", DOM);
      expect((thrownInside(() => document.title) as Error).message).toBe(`document: ${DOM}`);
      if (canShadow) expectRefused(thrownInside(() => navigator.userAgent), "navigator", DOM);

      // outside: faithful
      const Wrapped = G.WebSocket as WS;
      expect(Wrapped).not.toBe(FakeWebSocket);
      const ws = new Wrapped("ws://y");
      expect(ws).toBeInstanceOf(Wrapped);
      expect(ws).toBeInstanceOf(FakeWebSocket);
      expect(ws.url).toBe("ws://y");
      expect(ws.constructor).toBe(Wrapped);
      expect(Wrapped.OPEN).toBe(1);
      expect(Wrapped.name).toBe("WebSocket");
      expect(Wrapped.length).toBe(1);
      expect(Wrapped.prototype).toBe(FakeWebSocket.prototype);
      expect(() => (Wrapped as unknown as () => unknown)()).toThrow(TypeError); // class: needs `new`
      expect((G.XMLHttpRequest as typeof FakeXHR).DONE).toBe(4);
      class MySocket extends Wrapped {}
      expect(new MySocket("ws://z")).toBeInstanceOf(MySocket);
      expect(new MySocket("ws://z")).toBeInstanceOf(FakeWebSocket);
      expect(new MySocket("ws://z").url).toBe("ws://z");
      expect(requestAnimationFrame(() => undefined)).toBe(7);
      expect(localStorage.getItem("k")).toBe("v:k");
      expect(document).toBe(doc);
      if (canShadow) {
        expect(navigator.userAgent).toBe("test");
        expect((navigator as unknown as { self: unknown }).self).toBe(globalThis); // getter's receiver kept
      }

      uninstallGuard();
      for (const [name, d] of Object.entries(defined)) {
        expect(Object.getOwnPropertyDescriptor(globalThis, name), name).toEqual(d);
      }
      expect(G.WebSocket).toBe(FakeWebSocket);
      expect(FakeWebSocket.prototype.constructor).toBe(FakeWebSocket);
      if (canShadow) {
        expect(Object.hasOwn(globalThis, "navigator")).toBe(false);
        expect(Object.getOwnPropertyDescriptor(globalProto, "navigator")?.get).toBe(navGet);
      }
    } finally {
      uninstallGuard();
      for (const name of Object.keys(defined)) delete G[name];
      if (canShadow) Reflect.deleteProperty(globalProto, "navigator");
    }
    expectSameDescriptors(before, snapshot());
  });

  // A browser's `window`/`document` are non-configurable; simulated on names nothing in Node
  // uses, because a non-configurable global cannot be removed again (keep this test last).
  it("a non-configurable global is left untouched", () => {
    uninstallGuard();
    const xhr = function FakeXMLHttpRequest() { /* stub */ };
    const storage = { getItem: () => null };
    const get = () => storage;
    Object.defineProperty(globalThis, "XMLHttpRequest", { value: xhr, writable: false, configurable: false });
    Object.defineProperty(globalThis, "sessionStorage", { get, configurable: false });
    let inside: unknown[] = [];
    expect(thrownInside(() => Math.random())).toBeInstanceOf(DeterminismError);
    runGuarded(() => { inside = [G.XMLHttpRequest, G.sessionStorage]; });
    expect(inside).toEqual([xhr, storage]);
    expect(G.XMLHttpRequest).toBe(xhr);
    expect(Object.getOwnPropertyDescriptor(globalThis, "sessionStorage")?.get).toBe(get);
  });
});
