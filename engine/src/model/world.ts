// ECS worlds: a bitECS world for entity ids, membership and queries, plus this world's own
// typed-array stores, an input queue and an explicit, fixed-step system schedule.
import {
  addComponent as ecsAddComponent,
  addEntity as ecsAddEntity,
  createEntityIndex,
  createWorld as ecsCreateWorld,
  entityExists,
  hasComponent as ecsHasComponent,
  query as ecsQuery,
  removeComponent as ecsRemoveComponent,
  registerComponent as ecsRegisterComponent,
  removeEntity as ecsRemoveEntity,
  type World as EcsWorld,
} from "bitecs";
import { growStore, makeStore, type Component, type Schema, type Store } from "./component.ts";
import { registerCodeSource } from "./registry.ts";

export type EntityIndex = ReturnType<typeof createEntityIndex>;

/** A system: a plain function, world first, called once per step with the constant dt in seconds. */
export type System = (world: World, dt: number) => void;

export interface WorldSchema {
  /** Stable name, saved in snapshots. */
  readonly name: string;
  readonly components: readonly Component[];
  /** Run in this order every step. */
  readonly systems: readonly System[];
  /** Fixed steps per second of model time (default 60). */
  readonly stepsPerSecond?: number;
}

/** What a world needs from the model runtime that owns it. */
export interface WorldHost {
  random(): number;
  now(): number;
  publish(scope: string, event: string, data?: unknown): void;
  readonly sessionId: string;
}

const schemasByName = new Map<string, WorldSchema>();

/** Registers a world schema by name (needed to restore worlds from snapshots). Idempotent per object. */
export function defineWorld(schema: WorldSchema): WorldSchema {
  const existing = schemasByName.get(schema.name);
  if (existing && existing !== schema) {
    const same = existing.components.length === schema.components.length && existing.systems.length === schema.systems.length &&
      existing.components.every((c, i) => c === schema.components[i]) && existing.systems.every((s, i) => s === schema.systems[i]);
    if (!same) throw new Error(`World schema "${schema.name}" is already defined with other components or systems`);
    return existing;
  }
  if (schema.components.length > 32) throw new Error(`World schema "${schema.name}": at most 32 components per world`);
  schemasByName.set(schema.name, schema);
  const src = [
    `sps ${schema.stepsPerSecond ?? 60}`,
    ...schema.components.map((c) => `component ${c.name} ${JSON.stringify(c.schema)}`),
    ...schema.systems.map((s) => `system ${s.name}\n${s.toString()}`),
  ].join("\n");
  registerCodeSource(`world ${schema.name}`, src);
  return schema;
}

export function worldSchemaByName(name: string): WorldSchema {
  const s = schemasByName.get(name);
  if (!s) throw new Error(`Snapshot names world schema "${name}", which is not defined in this client`);
  return s;
}

const INITIAL_CAPACITY = 1024;

/** The parts of bitECS's internal world context that snapshot restore writes directly. */
interface EcsInternals {
  entityComponents: Map<number, Set<unknown>>;
  entityMasks: number[][];
  componentMap: Map<unknown, { generationId: number; bitflag: number; queries: Set<unknown> }>;
}

export class World {
  readonly ecs: EcsWorld;
  readonly schema: WorldSchema;
  readonly stepsPerSecond: number;
  /** Constant step length in seconds (what systems receive as dt). */
  readonly dt: number;
  /** Constant step length in ms of model time. */
  readonly stepMs: number;
  /** Inputs queued by model handlers; systems read them at the next step, then the queue is cleared. */
  inputs: unknown[] = [];
  /** Steps run so far; step k runs at startTime + k * stepMs. */
  stepCount = 0;
  /** Bumps on every structural change; keys the sorted query cache. */
  private version = 0;
  private capacity = INITIAL_CAPACITY;
  private readonly stores = new Map<Component, Store<Schema>>();
  private readonly componentIndex = new Map<Component, number>();
  private readonly queryCache = new Map<string, { version: number; result: Uint32Array }>();

  constructor(
    readonly id: number,
    schema: WorldSchema,
    readonly host: WorldHost,
    /** Model time at which the world was created (step 0). */
    readonly startTime: number,
    entityIndex?: EntityIndex,
  ) {
    this.schema = defineWorld(schema);
    this.stepsPerSecond = schema.stepsPerSecond ?? 60;
    if (!(this.stepsPerSecond > 0 && this.stepsPerSecond <= 1000)) throw new Error(`stepsPerSecond must be in (0, 1000], got ${this.stepsPerSecond}`);
    this.dt = 1 / this.stepsPerSecond;
    this.stepMs = 1000 / this.stepsPerSecond;
    this.ecs = entityIndex ? ecsCreateWorld(entityIndex) : ecsCreateWorld(createEntityIndex());
    if (entityIndex) while (this.capacity <= entityIndex.maxId) this.capacity *= 2;
    schema.components.forEach((c, i) => {
      this.componentIndex.set(c, i);
      this.stores.set(c, makeStore(c, this.capacity));
      // register in schema order so bitflags do not depend on first-use order
      ecsRegisterComponent(this.ecs, c);
    });
  }

  /** Model time of step k. */
  stepTime(k: number): number {
    return this.startTime + (k * 1000) / this.stepsPerSecond;
  }

  /** This world's stores for a component (typed arrays indexed by entity id). */
  store<S extends Schema>(component: Component<S>): Store<S> {
    const s = this.stores.get(component);
    if (!s) throw new Error(`Component ${component.name} is not part of world "${this.schema.name}"`);
    return s as unknown as Store<S>;
  }

  get entityCount(): number {
    return this.entityIndex.aliveCount;
  }

  get entityIndex(): EntityIndex {
    return (this.ecs as unknown as { [k: symbol]: { entityIndex: EntityIndex } })[Symbol.for("bitecs_internal")]!.entityIndex;
  }

  addEntity(...components: Component[]): number {
    const eid = ecsAddEntity(this.ecs);
    if (eid >= this.capacity) this.grow(eid);
    for (const c of components) this.addComponent(eid, c);
    this.version++;
    return eid;
  }

  removeEntity(eid: number): void {
    if (!entityExists(this.ecs, eid)) return;
    for (const c of this.schema.components) if (ecsHasComponent(this.ecs, eid, c)) this.clear(c, eid);
    ecsRemoveEntity(this.ecs, eid);
    this.version++;
  }

  exists(eid: number): boolean {
    return entityExists(this.ecs, eid);
  }

  /** Adds a component (fields start at zero) and optionally sets field values. */
  addComponent<S extends Schema>(eid: number, component: Component<S>, values?: Partial<Record<keyof S, number>>): void {
    this.checkComponent(component);
    if (!entityExists(this.ecs, eid)) throw new Error(`addComponent(${component.name}): entity ${eid} does not exist`);
    if (ecsAddComponent(this.ecs, eid, component)) {
      this.clear(component, eid);
      this.version++;
    }
    if (values) {
      const s = this.store(component) as Record<string, Float64Array>;
      for (const k in values) s[k]![eid] = values[k]!;
    }
  }

  removeComponent(eid: number, component: Component): void {
    this.checkComponent(component);
    if (!entityExists(this.ecs, eid) || !ecsHasComponent(this.ecs, eid, component)) return;
    this.clear(component, eid);
    ecsRemoveComponent(this.ecs, eid, component);
    this.version++;
  }

  hasComponent(eid: number, component: Component): boolean {
    return entityExists(this.ecs, eid) && ecsHasComponent(this.ecs, eid, component);
  }

  /**
   * Entities having all the given components, in ascending eid order (bitECS's own order
   * depends on add/remove history, which differs after a snapshot restore). Cached until
   * the next structural change; do not mutate the returned array.
   */
  query(...components: Component[]): Uint32Array {
    let key = "";
    for (const c of components) key += this.checkComponent(c) + ",";
    const cached = this.queryCache.get(key);
    if (cached && cached.version === this.version) return cached.result;
    const result = Uint32Array.from(ecsQuery(this.ecs, components)).sort();
    this.queryCache.set(key, { version: this.version, result });
    return result;
  }

  /** All live entities in ascending eid order. */
  entities(): Uint32Array {
    const idx = this.entityIndex;
    return Uint32Array.from(idx.dense.slice(0, idx.aliveCount)).sort();
  }

  /** Runs every system once, in order, then clears the input queue. Called by the runtime. */
  step(): void {
    const dt = this.dt;
    for (const system of this.schema.systems) system(this, dt);
    this.inputs.length = 0;
    this.stepCount++;
  }

  random(): number {
    return this.host.random();
  }
  now(): number {
    return this.host.now();
  }
  publish(scope: string, event: string, data?: unknown): void {
    this.host.publish(scope, event, data);
  }

  /** Index of a component in the schema (its bit in snapshots). */
  componentBit(component: Component): number {
    return this.checkComponent(component);
  }

  /** Restores membership for a live entity (snapshot restore only). */
  restoreMembership(eid: number, mask: number): void {
    const ctx = (this.ecs as unknown as { [k: symbol]: EcsInternals })[Symbol.for("bitecs_internal")]!;
    const set = new Set<unknown>();
    ctx.entityComponents.set(eid, set);
    const comps = this.schema.components;
    for (let i = 0; i < comps.length; i++) {
      if (!(mask & (1 << i))) continue;
      const c = comps[i]!;
      const data = ctx.componentMap.get(c)!;
      if (data.queries.size === 0) {
        // fresh world, no queries registered yet: set the bit directly (addComponent's
        // per-entity bookkeeping was ~70% of snapshot decode)
        (ctx.entityMasks[data.generationId] ??= [])[eid] = (ctx.entityMasks[data.generationId]![eid] ?? 0) | data.bitflag;
        set.add(c);
      } else ecsAddComponent(this.ecs, eid, c);
    }
    this.version++;
  }

  private checkComponent(component: Component): number {
    const i = this.componentIndex.get(component);
    if (i === undefined) throw new Error(`Component ${component.name} is not part of world "${this.schema.name}"`);
    return i;
  }

  private clear(component: Component, eid: number): void {
    const s = this.stores.get(component) as Record<string, Float64Array>;
    for (const f of component.fields) s[f]![eid] = 0;
  }

  private grow(eid: number): void {
    while (this.capacity <= eid) this.capacity *= 2;
    for (const [c, s] of this.stores) growStore(c, s, this.capacity);
  }
}
