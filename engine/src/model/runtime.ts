// The model runtime of one session on one client: the model table, model time, the
// ordered queue of futures and world steps, subscriptions, the session RNG and the
// queue of events for views. Everything here except `viewOutbox`, `errors` and the
// hooks is part of the snapshot and the state hash.
import { setCurrentRuntime } from "./context.ts";
import { runGuarded } from "./guard.ts";
import { RUNTIME, type Handler, type Model } from "./model.ts";
import { createSessionRandom, seedFromString, type SessionRandom } from "./random.ts";
import { nameOfClass } from "./registry.ts";
import { FutureQueue, type FutureEntry } from "./scheduler.ts";
import { World, type WorldHost, type WorldSchema } from "./world.ts";

export interface Subscription {
  modelId: string;
  method: string;
}

export interface ViewEvent {
  scope: string;
  event: string;
  data: unknown;
}

export interface ModelError {
  /** What was running, e.g. "Counter.increment". */
  where: string;
  error: unknown;
  time: number;
}

export interface WorldRecord {
  world: World;
  ownerId: string;
}

/** Key for the subscription table. */
export function topicKey(scope: string, event: string): string {
  return `${scope}\u0000${event}`;
}

const methodNames = new WeakMap<object, Map<unknown, string>>();

/** Finds the method name of a handler function on a model's prototype chain. */
function methodName(model: Model, handler: Handler<Model>, what: string): string {
  const className = model.constructor.name;
  if (typeof handler === "string") {
    if (typeof (model as unknown as Record<string, unknown>)[handler] !== "function") {
      throw new Error(`${what}: ${className} has no method "${handler}"`);
    }
    return handler;
  }
  const proto = Object.getPrototypeOf(model) as object;
  let cache = methodNames.get(proto);
  if (!cache) methodNames.set(proto, (cache = new Map()));
  const cached = cache.get(handler);
  if (cached) return cached;
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (name === "constructor") continue;
      const desc = Object.getOwnPropertyDescriptor(p, name);
      if (desc && desc.value === handler) {
        cache.set(handler, name);
        return name;
      }
    }
  }
  throw new Error(`${what}: the handler must be a method of ${className} (arrow functions and bound or foreign functions cannot be stored in snapshots); pass this.methodName or "methodName"`);
}

export class Runtime implements WorldHost {
  /** Model time in ms. */
  time = 0;
  /** Seq of the last external message applied (u32), -1 before any. */
  lastSeq = -1;
  models = new Map<string, Model>();
  nextModelNum = 1;
  rootId: string | null = null;
  rng: SessionRandom;
  futures = new FutureQueue();
  futureSeq = 0;
  subscriptions = new Map<string, Subscription[]>();
  wellKnown = new Map<string, string>();
  worlds = new Map<number, WorldRecord>();
  nextWorldId = 1;

  // Per-client, never snapshotted or hashed:
  viewOutbox: ViewEvent[] = [];
  errors: ModelError[] = [];
  /** Decides which model→view events are queued for views (default: all). */
  viewFilter: (scope: string, event: string) => boolean = () => true;
  onError: ((e: ModelError) => void) | null = null;
  private running = false;
  /** Errors recorded while model code runs, logged once it is done (outside the guard). */
  private unannounced: ModelError[] = [];

  constructor(readonly sessionId: string) {
    this.rng = createSessionRandom(seedFromString(sessionId));
  }

  get root(): Model | undefined {
    return this.rootId === null ? undefined : this.models.get(this.rootId);
  }

  now(): number {
    return this.time;
  }

  /** Creates the root model; call once, at the time of the first join. */
  start(RootClass: { prototype: Model }, options?: unknown): Model {
    if (this.rootId !== null) throw new Error("session already started");
    let root: Model | undefined;
    this.execute("start", () => {
      root = this.createModel(RootClass as unknown as new () => Model, options);
      this.rootId = root.id;
    });
    if (!root) throw new Error(`root model failed to initialise: ${String(this.errors.at(-1)?.error)}`);
    return root;
  }

  /** Runs every future and world step due at or before `time`, in (time, seq) order. */
  advanceTo(time: number): void {
    if (time < this.time) return; // model time never goes backwards
    this.execute("advance", () => {
      for (let next = this.futures.peek(); next && next.time <= time; next = this.futures.peek()) {
        this.futures.pop();
        this.time = next.time;
        this.runFuture(next);
      }
    });
    this.time = time;
  }

  /** Applies one stamped external event (view → model through the reflector). */
  applyExternal(time: number, seq: number, scope: string, event: string, data: unknown): void {
    this.advanceTo(time);
    this.lastSeq = seq >>> 0;
    this.execute(`event ${scope} ${event}`, () => this.dispatch(scope, event, data));
  }

  /** Records a message that carries no event (e.g. a stamped no-op) for seq tracking. */
  noteSeq(time: number, seq: number): void {
    this.advanceTo(time);
    this.lastSeq = seq >>> 0;
  }

  // ---- model API back end (called by Model methods) ----

  createModel<T extends Model>(Cls: new () => T, options: unknown): T {
    this.assertRunning("Model.create");
    const name = nameOfClass(Cls);
    if (name === undefined) throw new Error(`Model class ${Cls.name} is not registered: call ${Cls.name}.register("${Cls.name}") after the class definition`);
    const model = new Cls();
    checkNoFunctionFields(model, name); // before registering it: a failed create leaves no model behind
    const id = `M${this.nextModelNum++}`;
    Object.defineProperty(model, "id", { value: id, enumerable: false, writable: false });
    Object.defineProperty(model, RUNTIME, { value: this, enumerable: false, writable: false });
    this.models.set(id, model);
    model.init(options);
    try {
      checkNoFunctionFields(model, name);
    } catch (err) {
      this.destroyModel(model); // else every later snapshot and hash would fail on it
      throw err;
    }
    return model;
  }

  destroyModel(model: Model): void {
    const id = model.id;
    if (!this.models.delete(id)) return;
    for (const [key, subs] of this.subscriptions) {
      const kept = subs.filter((s) => s.modelId !== id);
      if (kept.length === 0) this.subscriptions.delete(key);
      else if (kept.length !== subs.length) this.subscriptions.set(key, kept);
    }
    const ownedWorlds = new Set<number>();
    for (const [wid, rec] of this.worlds) if (rec.ownerId === id) ownedWorlds.add(wid);
    for (const wid of ownedWorlds) this.worlds.delete(wid);
    this.futures.removeWhere((e) => (e.method === "" ? ownedWorlds.has(e.target) : e.target === modelNum(id)));
    for (const [name, wid] of this.wellKnown) if (wid === id) this.wellKnown.delete(name);
    if (this.rootId === id) this.rootId = null;
  }

  subscribe(model: Model, scope: string, event: string, handler: Handler<Model>): void {
    const method = methodName(model, handler, `subscribe("${scope}", "${event}")`);
    const key = topicKey(scope, event);
    let subs = this.subscriptions.get(key);
    if (!subs) this.subscriptions.set(key, (subs = []));
    if (!subs.some((s) => s.modelId === model.id && s.method === method)) subs.push({ modelId: model.id, method });
  }

  unsubscribe(model: Model, scope: string, event: string, handler?: Handler<Model>): void {
    const key = topicKey(scope, event);
    const subs = this.subscriptions.get(key);
    if (!subs) return;
    const method = handler === undefined ? undefined : methodName(model, handler, `unsubscribe("${scope}", "${event}")`);
    const kept = subs.filter((s) => !(s.modelId === model.id && (method === undefined || s.method === method)));
    if (kept.length === 0) this.subscriptions.delete(key);
    else this.subscriptions.set(key, kept);
  }

  publish(scope: string, event: string, data?: unknown): void {
    this.assertRunning("publish");
    this.dispatch(scope, event, data);
  }

  futureProxy(model: Model, ms: number): unknown {
    this.assertRunning("future");
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`future(${ms}): the delay must be a finite number of ms ≥ 0`);
    const Facade = futureFacade(model);
    return new Facade(this, modelNum(model.id), ms);
  }

  /** Queues a future call (used by the future facades). */
  pushFuture(target: number, ms: number, method: string, args: unknown[]): void {
    this.futures.push({ time: this.time + ms, seq: this.futureSeq++, target, method, args });
  }

  cancelFuture(model: Model, handler: Handler<Model>): boolean {
    const method = methodName(model, handler, "cancelFuture");
    const n = modelNum(model.id);
    return this.futures.removeWhere((e) => e.method === method && e.target === n) > 0;
  }

  random(): number {
    return this.rng.next();
  }

  createWorld(owner: Model, schema: WorldSchema): World {
    this.assertRunning("createWorld");
    const world = new World(this.nextWorldId++, schema, this, this.time);
    this.worlds.set(world.id, { world, ownerId: owner.id });
    this.scheduleStep(world);
    return world;
  }

  scheduleStep(world: World): void {
    this.futures.push({ time: world.stepTime(world.stepCount + 1), seq: this.futureSeq++, target: world.id, method: "", args: [] });
  }

  // ---- internals ----

  private dispatch(scope: string, event: string, data: unknown): void {
    const subs = this.subscriptions.get(topicKey(scope, event));
    if (subs) {
      for (const s of subs.slice()) {
        const model = this.models.get(s.modelId);
        if (model) this.call(model, s.method, [data]);
      }
    }
    if (this.viewFilter(scope, event)) this.viewOutbox.push({ scope, event, data });
  }

  private runFuture(e: FutureEntry): void {
    if (e.method === "") {
      const rec = this.worlds.get(e.target);
      if (!rec) return;
      try {
        rec.world.step();
      } catch (err) {
        this.report(`world "${rec.world.schema.name}" step ${rec.world.stepCount}`, err);
        rec.world.inputs.length = 0;
        rec.world.stepCount++;
      }
      this.scheduleStep(rec.world);
      return;
    }
    const model = this.models.get(`M${e.target}`);
    if (model) this.call(model, e.method, e.args);
  }

  private call(model: Model, method: string, args: unknown[]): void {
    try {
      (model as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
    } catch (err) {
      this.report(`${model.constructor.name}.${method}`, err);
    }
  }

  private report(where: string, error: unknown): void {
    const e: ModelError = { where, error, time: this.time };
    this.errors.push(e);
    if (this.errors.length > 100) this.errors.shift();
    if (this.running) this.unannounced.push(e);
    else this.announce(e);
  }

  /**
   * Logs an error and calls the hook. Runs outside model code and the determinism guard (a
   * logger or hook reading the clock would otherwise throw into the message loop and abort it),
   * and nothing they throw reaches the model.
   */
  private announce(e: ModelError): void {
    try {
      console.error(`[tandem] error in model code (${e.where}) at t=${e.time}:`, e.error);
    } catch {
      // a broken logger must not change what the model does
    }
    try {
      this.onError?.(e);
    } catch (err) {
      try {
        console.error("[tandem] the onError hook threw:", err);
      } catch {
        // as above
      }
    }
  }

  /** Runs model code with this runtime current and the determinism guard on. */
  execute(where: string, fn: () => void): void {
    if (this.running) return fn();
    const previous = setCurrentRuntime(this);
    this.running = true;
    try {
      runGuarded(fn);
    } catch (err) {
      this.report(where, err);
    } finally {
      this.running = false;
      setCurrentRuntime(previous);
    }
    const pending = this.unannounced;
    if (pending.length > 0) {
      this.unannounced = [];
      for (const e of pending) this.announce(e);
    }
  }

  private assertRunning(what: string): void {
    if (!this.running) throw new Error(`${what}() can only be called from model code; views must publish events instead`);
  }
}

interface FacadeInstance {
  rt: Runtime;
  target: number;
  ms: number;
}
type FacadeClass = new (rt: Runtime, target: number, ms: number) => FacadeInstance;
const facades = new WeakMap<object, FacadeClass>();

/**
 * `future(ms)` returns an object with one method per model method that queues the call.
 * One facade class per model class, built once: a Proxy plus closures per call cost ~3x more.
 */
function futureFacade(model: Model): FacadeClass {
  const proto = Object.getPrototypeOf(model) as object;
  let Facade = facades.get(proto);
  if (Facade) return Facade;
  Facade = class {
    constructor(public rt: Runtime, public target: number, public ms: number) {}
  };
  const names = new Set<string>();
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const desc = Object.getOwnPropertyDescriptor(p, name);
      if (name !== "constructor" && desc && typeof desc.value === "function") names.add(name);
    }
  }
  for (const name of names) {
    Object.defineProperty(Facade.prototype, name, {
      value: function (this: FacadeInstance, ...args: unknown[]) {
        this.rt.pushFuture(this.target, this.ms, name, args);
      },
    });
  }
  facades.set(proto, Facade);
  return Facade;
}

export function modelNum(id: string): number {
  return Number(id.slice(1));
}

function checkNoFunctionFields(model: Model, className: string): void {
  for (const key of Object.keys(model)) {
    if (typeof (model as unknown as Record<string, unknown>)[key] === "function") {
      throw new Error(`${className}.${key} is a function field (arrow function?): models may hold only data; make it a method`);
    }
  }
}
