// Runtime determinism guard (ARCHITECTURE habit 3, second line of defence after the lint
// rules in eslint.config.js). While model code runs inside `runGuarded`, the nondeterministic
// globals — Math.random, Date, performance.now, timers, network and DOM — throw a
// DeterminismError naming the call and the fix. Outside it they behave exactly as before.
//
// Mechanism: install once, check a flag. On the first `runGuarded` call each trapped global is
// replaced ONCE by a wrapper that throws while the module-level `depth` is > 0 and otherwise
// forwards to the original (same `this`, arguments and `new.target`; name, length, prototype and
// statics kept, so `new Date()`, `Date.UTC`, `instanceof Date`, `class D extends Date`,
// `setTimeout(…).unref()`, `util.promisify(setTimeout)`, `WebSocket.OPEN` all keep working).
// `runGuarded` itself only increments and decrements `depth`.
// Why: the previous design swapped the globals in and out on every outermost call; writes to
// global-object properties are slow in V8 and deoptimize code that embedded those global cells,
// which measured 10–90 µs per call — and the runtime guards every model message.
// Cost (measured on Node 20): ~0.01–0.03 µs per `runGuarded` call, nested or not (the swapping
// design: 16–40 µs per outermost call). Outside model code a trapped function costs one extra
// call and a compare — within measurement noise for Math.random, Date.now, performance.now,
// new Date() and setTimeout. Installing (once) costs a few property definitions.
// Install is lazy (first `runGuarded`, again after `uninstallGuard`) rather than at module load,
// so merely importing the engine (views, tools, the reflector) patches nothing, and globals an
// app or test environment sets up before the first model message (DOM shims, WebSocket
// polyfills) are the ones trapped.
//
// Limits (the lint rules are the first line; this is a safety net, not a sandbox):
// - Globals absent from this runtime (document, window, … in Node) are left absent: a bare
//   reference already throws a ReferenceError. Non-configurable ones (a browser's `window`,
//   `document`) cannot be redefined and are left alone.
// - DOM-style globals and function globals held as accessors are trapped at the getter: reading
//   them throws inside model code. Data-property DOM globals are turned into such an accessor.
// - Something that replaces a wrapper later (e.g. vitest fake timers swapping setTimeout / Date)
//   is simply not trapped while it is in place; `uninstallGuard` then leaves that replacement
//   alone and restores only the properties still holding this guard's wrappers.
// - References taken before the install (`const now = Date.now`, a `class D extends Date`
//   declared before it) keep the originals and are not trapped.

/** Thrown (and logged by the session) when model code calls a nondeterministic global. */
export class DeterminismError extends Error {
  /** The offending call, e.g. "Math.random()". */
  readonly call: string;
  constructor(call: string, message: string) {
    super(message);
    this.name = "DeterminismError";
    this.call = call;
  }
}

const USE_RANDOM = "use this.random()";
const USE_NOW = "use this.now()";
const USE_FUTURE = "use this.future(ms).method()";
const NETWORK = "network access inside model code — publish an event from the view instead";
const DOM = "DOM access inside model code — models must not touch the DOM; do it in the view";

/** How many `runGuarded` calls are on the stack; the wrappers throw while it is > 0. */
let depth = 0;
let installed = false;
/** Undo actions of the current installation, in install order (run in reverse). */
let undo: (() => void)[] = [];

interface Refusal {
  readonly call: string;
  readonly message: string;
}

const misuse = (call: string, fix: string): Refusal => ({ call, message: `${call} inside model code — ${fix}` });
const network = (call: string): Refusal => ({ call, message: `${call}: ${NETWORK}` });
const dom = (call: string): Refusal => ({ call, message: `${call}: ${DOM}` });

function refuse(r: Refusal): never {
  throw new DeterminismError(r.call, r.message);
}

type Fn = (this: unknown, ...args: unknown[]) => unknown;

const getOwn = Reflect.getOwnPropertyDescriptor;
const define = Reflect.defineProperty;

function isConstructor(f: Fn): boolean {
  try {
    Reflect.construct(String, [], f); // throws iff `f` is not a constructor; never calls `f`
    return true;
  } catch {
    return false;
  }
}

/** Gives `wrapper` the original's name, length and (for constructors) prototype. */
function mirror(wrapper: Fn, orig: Fn, withPrototype: boolean): void {
  for (const key of ["name", "length"]) {
    const d = getOwn(orig, key);
    if (d !== undefined) define(wrapper, key, d);
  }
  if (withPrototype) {
    const d = getOwn(orig, "prototype");
    if (d !== undefined && "value" in d) define(wrapper, "prototype", { value: d.value, writable: d.writable });
  }
  // Statics (Date.UTC/parse/now, WebSocket.OPEN, setTimeout[util.promisify.custom]) by inheritance.
  if (Reflect.ownKeys(orig).some((k) => k !== "name" && k !== "length" && k !== "prototype")) {
    Reflect.setPrototypeOf(wrapper, orig);
  }
}

/**
 * The call-time wrapper for a function-valued global. Constructors get a constructible wrapper
 * (`new` and subclass `super()` forwarded with their new.target); other functions (built-in
 * methods such as Math.random) a method-like one that is not constructible either.
 */
function wrapFunction(orig: Fn, plain: Refusal, withNew: Refusal): Fn {
  if (!isConstructor(orig)) {
    const method = {
      method(this: unknown, ...args: unknown[]): unknown {
        if (depth > 0) refuse(plain);
        return Reflect.apply(orig, this, args);
      },
    }.method;
    mirror(method, orig, false);
    return method;
  }
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    if (depth > 0) refuse(new.target === undefined ? plain : withNew);
    if (new.target === undefined) return Reflect.apply(orig, this, args);
    return Reflect.construct(orig, args, new.target === wrapper ? orig : new.target);
  };
  mirror(wrapper, orig, true);
  return wrapper;
}

/** A getter/setter that refuses inside model code and otherwise forwards to `orig`. */
function wrapAccessor(orig: Fn | undefined, r: Refusal): Fn | undefined {
  if (orig === undefined) return undefined;
  const accessor = {
    accessor(this: unknown, ...args: unknown[]): unknown {
      if (depth > 0) refuse(r);
      return Reflect.apply(orig, this, args);
    },
  }.accessor;
  mirror(accessor, orig, false);
  return accessor;
}

/**
 * - "method" (Math.random, performance.now): wrapped where it is defined, checked when called.
 * - "function" (setTimeout, fetch): wrapped on globalThis, checked when called.
 * - "class" (Date, WebSocket): as "function", and `prototype.constructor` points to the wrapper.
 * - "value" (document, localStorage): checked when read or written.
 */
type Kind = "method" | "function" | "class" | "value";

/** Replaces `target[key]` (whose own or inherited descriptor is `desc`) and records the undo. */
function replace(target: object, key: string, desc: PropertyDescriptor, own: boolean, next: PropertyDescriptor,
  restore: () => PropertyDescriptor = () => desc): void {
  if (!define(target, key, next)) return;
  undo.push(() => {
    const cur = getOwn(target, key);
    // Replaced since (fake timers, a test's spy): leave the newcomer alone.
    if (cur === undefined || cur.value !== next.value || cur.get !== next.get || cur.set !== next.set) return;
    if (own) define(target, key, restore());
    else Reflect.deleteProperty(target, key);
  });
}

function trap(on: unknown, key: string, kind: Kind, plain: Refusal, withNew: Refusal = plain): void {
  if ((typeof on !== "object" && typeof on !== "function") || on === null) return;
  let holder: object | null = on;
  let desc: PropertyDescriptor | undefined;
  while (holder !== null && (desc = getOwn(holder, key)) === undefined) holder = Reflect.getPrototypeOf(holder);
  if (holder === null || desc === undefined) return; // absent: a bare reference already throws
  // Methods are wrapped where defined (Performance.prototype.now); globals on globalThis itself
  // (an inherited one, as on a browser's Window.prototype, is shadowed and deleted on undo).
  const target = kind === "method" ? holder : on;
  const own = target === holder;
  if (own && !desc.configurable) return; // e.g. a browser's window/document: lint catches them
  const attrs = { enumerable: desc.enumerable ?? false, configurable: true };

  if (desc.get !== undefined || desc.set !== undefined) {
    replace(target, key, desc, own, { get: wrapAccessor(desc.get, plain), set: wrapAccessor(desc.set, plain), ...attrs });
    return;
  }
  const value: unknown = desc.value;
  if (kind === "value") {
    // A DOM global held as a data property (happy-dom style): becomes a checking accessor.
    let current = value;
    const get = wrapAccessor(() => current, dom(key));
    const set = desc.writable ? wrapAccessor((v: unknown) => { current = v; }, dom(key)) : undefined;
    replace(target, key, desc, own, { get, set, ...attrs },
      () => ({ value: current, writable: desc.writable, enumerable: desc.enumerable, configurable: desc.configurable }));
    return;
  }
  if (typeof value !== "function") return;
  const wrapper = wrapFunction(value as Fn, plain, withNew);
  replace(target, key, desc, own, { value: wrapper, writable: desc.writable ?? true, ...attrs });
  if (kind === "class") {
    // So that `new Date().constructor === Date` still holds (and cannot be used to escape).
    const proto: unknown = (value as { prototype?: unknown }).prototype;
    const c = typeof proto === "object" && proto !== null ? getOwn(proto, "constructor") : undefined;
    if (c !== undefined && c.value === value && c.configurable) {
      replace(proto as object, "constructor", c, true, { ...c, value: wrapper });
    }
  }
}

function installGuard(): void {
  installed = true;
  const g = globalThis as unknown as Record<string, unknown>;
  const steps: (() => void)[] = [
    () => trap(Math, "random", "method", misuse("Math.random()", USE_RANDOM)),
    () => trap(g.Date, "now", "method", misuse("Date.now()", USE_NOW)), // on the real Date
    () => trap(g, "Date", "class", misuse("Date()", USE_NOW), misuse("new Date()", USE_NOW)),
    () => trap(g.performance, "now", "method", misuse("performance.now()", USE_NOW)),
    ...["setTimeout", "setInterval", "setImmediate", "queueMicrotask", "requestAnimationFrame"].map((key) =>
      () => trap(g, key, "function", misuse(`${key}()`, USE_FUTURE))),
    () => trap(g, "fetch", "function", network("fetch()")),
    () => trap(g, "XMLHttpRequest", "class", network("XMLHttpRequest")),
    () => trap(g, "WebSocket", "class", network("WebSocket")),
    ...["document", "window", "localStorage", "sessionStorage", "navigator"].map((key) =>
      () => trap(g, key, "value", dom(key))),
  ];
  for (const step of steps) {
    try {
      step();
    } catch {
      // a hostile getter or a frozen object: leave that one global untrapped, trap the others
    }
  }
}

/**
 * Restores every global this guard replaced to the identical original (for tests). Properties
 * replaced by someone else since are left alone. The next `runGuarded` installs again.
 */
export function uninstallGuard(): void {
  const steps = undo;
  undo = [];
  installed = false;
  for (let i = steps.length - 1; i >= 0; i--) {
    try {
      steps[i]();
    } catch {
      // frozen since: still restore all the others
    }
  }
}

/**
 * Runs `fn` (synchronous model code) with the determinism traps armed. Nested calls just count
 * depth; the traps disarm when the outermost call returns or throws (the exception propagates).
 */
export function runGuarded<T>(fn: () => T): T {
  if (!installed) installGuard();
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

/** True while model code runs inside `runGuarded`. */
export function isGuardActive(): boolean {
  return depth > 0;
}
