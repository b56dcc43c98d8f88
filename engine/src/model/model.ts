// The Model base class: what a game author extends. Deterministic state + logic; the API
// follows Multisynq/Croquet (create/init/subscribe/publish/future/random/now) so its
// tutorials carry over. All bookkeeping lives in the Runtime, so model objects hold only
// the author's own fields (which is exactly what snapshots save).
import { currentRuntime } from "./context.ts";
import { registerModelClass } from "./registry.ts";
import type { Runtime } from "./runtime.ts";
import type { World, WorldSchema } from "./world.ts";

export const RUNTIME = Symbol("tandem.runtime");

/** A handler: a method of the subscribing model, or its name. */
export type Handler<M> = ((this: M, data: never) => unknown) | (keyof M & string);

export class Model {
  /** Unique id within the session, e.g. "M3". Stable across snapshots. */
  declare readonly id: string;
  declare [RUNTIME]: Runtime;

  /** Use `MyModel.create(options)`, never `new`. */
  protected constructor() {}

  /** Creates and initialises a model (only from model code). */
  static create<T extends Model>(this: { prototype: T }, options?: unknown): T {
    const rt = currentRuntime();
    if (!rt) throw new Error(`${(this as unknown as { name: string }).name}.create() can only be called from model code (init, event handlers, futures)`);
    return rt.createModel(this as unknown as new () => T, options);
  }

  /** Registers this class under a stable name for snapshots and the code hash. */
  static register(name: string): void {
    registerModelClass(name, this as unknown as new () => Model);
  }

  /** Called once by `create`; override it. */
  init(_options?: unknown): void {}

  get sessionId(): string {
    return this[RUNTIME].sessionId;
  }

  subscribe(scope: string, event: string, handler: Handler<this>): void {
    this[RUNTIME].subscribe(this, scope, event, handler as Handler<Model>);
  }

  unsubscribe(scope: string, event: string, handler?: Handler<this>): void {
    this[RUNTIME].unsubscribe(this, scope, event, handler as Handler<Model> | undefined);
  }

  /** Model subscribers run now, in subscription order; views get the event before their next update. */
  publish(scope: string, event: string, data?: unknown): void {
    this[RUNTIME].publish(scope, event, data);
  }

  /** `this.future(ms).method(...args)` runs `method` at `now() + ms` of model time. */
  future(ms = 0): this {
    return this[RUNTIME].futureProxy(this, ms) as this;
  }

  /** Cancels every pending future of this model calling `method`. Returns whether any was pending. */
  cancelFuture(method: Handler<this>): boolean {
    return this[RUNTIME].cancelFuture(this, method as Handler<Model>);
  }

  /** Synchronized random number in [0, 1): the same sequence on every client. */
  random(): number {
    return this[RUNTIME].random();
  }

  /** Model time in ms since the session started. */
  now(): number {
    return this[RUNTIME].time;
  }

  /** Makes an ECS world owned by this model, stepped at a fixed rate of model time. */
  createWorld(schema: WorldSchema): World {
    return this[RUNTIME].createWorld(this, schema);
  }

  beWellKnownAs(name: string): void {
    this[RUNTIME].wellKnown.set(name, this.id);
  }

  wellKnownModel<M extends Model = Model>(name: string): M | undefined {
    const rt = this[RUNTIME];
    const id = rt.wellKnown.get(name);
    return id === undefined ? undefined : (rt.models.get(id) as M | undefined);
  }

  /** Removes the model: its subscriptions, futures and worlds go with it. */
  destroy(): void {
    this[RUNTIME].destroyModel(this);
  }
}
