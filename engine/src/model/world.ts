// ECS worlds: entity ids (entity-index.ts: bitECS's algorithm and layout, in typed arrays),
// one component mask per entity, this world's own typed-array stores, sorted queries kept up
// to date incrementally (query-cache.ts), an input queue and an explicit, fixed-step schedule.
import { Arena } from "./arena.ts";
import { growStore, makeStore, type ColumnAlloc, type Component, type Schema, type Store } from "./component.ts";
import { EntityIndex } from "./entity-index.ts";
import { SortedQuery, type MaskArray } from "./query-cache.ts";
import { registerCodeSource } from "./registry.ts";

export { EntityIndex } from "./entity-index.ts";

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

export class World {
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
  /** Entity ids: live ones and the free list (saved exactly in snapshots). */
  readonly entityIndex: EntityIndex;
  /** Length of the per-entity arrays (stores, masks); always > entityIndex.maxId. */
  private capacity = INITIAL_CAPACITY;
  /** The schema's components; a component's index here is its bit in masks and snapshots. */
  private readonly comps: readonly Component[];
  private readonly systems: readonly System[];
  /** Stores by component bit. */
  private readonly stores: Store<Schema>[] = [];
  /** Component mask of every entity id (0 for dead ids), as narrow as the component count allows. */
  private masks: MaskArray;
  /** Sorted query results, kept up to date incrementally; few per world. */
  private readonly queries: SortedQuery[] = [];
  private _arena: Arena | null = null;

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
    this.entityIndex = entityIndex ?? new EntityIndex(INITIAL_CAPACITY);
    while (this.capacity <= this.entityIndex.maxId) this.capacity *= 2;
    this.comps = schema.components;
    this.systems = schema.systems;
    this.masks = newMasks(this.comps.length, this.capacity);
    const alloc = this.newArena();
    for (const c of this.comps) this.stores.push(makeStore(c, this.capacity, alloc));
  }

  /**
   * Where this world's columns live when WebAssembly kernels can reach them (null: plain
   * arrays). For the engine's kernels (kernels/); model code never needs it.
   */
  get arena(): Arena | null {
    return this._arena;
  }

  /** Model time of step k. */
  stepTime(k: number): number {
    return this.startTime + (k * 1000) / this.stepsPerSecond;
  }

  /** This world's stores for a component (typed arrays indexed by entity id). */
  store<S extends Schema>(component: Component<S>): Store<S> {
    return this.stores[this.bitOf(component)] as unknown as Store<S>;
  }

  get entityCount(): number {
    return this.entityIndex.aliveCount;
  }

  addEntity(...components: Component[]): number {
    let mask = 0;
    for (let i = 0; i < components.length; i++) mask |= 1 << this.bitOf(components[i]!);
    const eid = this.entityIndex.add();
    if (eid >= this.capacity) this.grow(eid);
    // a recycled id starts from zero (its stores were cleared when it was removed; this also
    // covers stores written for a dead id)
    for (let b = 0, m = mask >>> 0; m !== 0; b++, m >>>= 1) if (m & 1) this.clear(b, eid);
    this.masks[eid] = mask;
    const qs = this.queries;
    for (let i = 0; i < qs.length; i++) qs[i]!.note(eid, false, qs[i]!.matches(mask));
    return eid;
  }

  removeEntity(eid: number): void {
    if (!this.entityIndex.isAlive(eid)) return;
    const mask = this.masks[eid]!;
    for (let b = 0, m = mask >>> 0; m !== 0; b++, m >>>= 1) if (m & 1) this.clear(b, eid);
    this.entityIndex.remove(eid);
    this.masks[eid] = 0;
    const qs = this.queries;
    for (let i = 0; i < qs.length; i++) qs[i]!.note(eid, qs[i]!.matches(mask), false);
  }

  exists(eid: number): boolean {
    return this.entityIndex.isAlive(eid);
  }

  /** Adds a component (fields start at zero) and optionally sets field values. */
  addComponent<S extends Schema>(eid: number, component: Component<S>, values?: Partial<Record<keyof S, number>>): void {
    const b = this.bitOf(component);
    if (!this.entityIndex.isAlive(eid)) throw new Error(`addComponent(${component.name}): entity ${eid} does not exist`);
    const before = this.masks[eid]!;
    if (!(before & (1 << b))) {
      this.clear(b, eid);
      this.setMask(eid, before, before | (1 << b));
    }
    if (values) {
      const s = this.stores[b] as Record<string, Float64Array>;
      for (const k in values) s[k]![eid] = values[k]!;
    }
  }

  removeComponent(eid: number, component: Component): void {
    const b = this.bitOf(component);
    if (!this.entityIndex.isAlive(eid)) return;
    const before = this.masks[eid]!;
    if (!(before & (1 << b))) return;
    this.clear(b, eid);
    this.setMask(eid, before, before & ~(1 << b));
  }

  /** Whether a live entity has the component (false for components of other worlds). */
  hasComponent(eid: number, component: Component): boolean {
    const b = this.comps.indexOf(component);
    return b >= 0 && ((this.masks[eid] ?? 0) & (1 << b)) !== 0 && this.entityIndex.isAlive(eid);
  }

  /**
   * Entities having all the given components, in ascending eid order (so systems do not depend
   * on add/remove history). The array is replaced, never changed, when the membership changes:
   * do not mutate it; it stays valid (as it was) while you add or remove entities.
   */
  query(...components: Component[]): Uint32Array {
    let mask = 0;
    for (let i = 0; i < components.length; i++) mask |= 1 << this.bitOf(components[i]!);
    const qs = this.queries;
    let q: SortedQuery | undefined;
    for (let i = 0; i < qs.length; i++) {
      if (qs[i]!.mask === mask) {
        q = qs[i]!;
        break;
      }
    }
    if (!q) qs.push((q = new SortedQuery(mask)));
    return q.dirty ? q.refresh(this.masks, this.entityIndex) : q.ids;
  }

  /** All live entities in ascending eid order (a new array). */
  entities(): Uint32Array {
    const idx = this.entityIndex;
    return idx.dense.slice(0, idx.aliveCount).sort();
  }

  /** Runs every system once, in order, then clears the input queue. Called by the runtime. */
  step(): void {
    const dt = this.dt;
    const systems = this.systems;
    for (let i = 0; i < systems.length; i++) systems[i]!(this, dt);
    if (this.inputs.length !== 0) this.inputs.length = 0;
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
    return this.bitOf(component);
  }

  /** Component mask of a live entity (bit i = the schema's component i); 0 for dead ids. */
  maskOf(eid: number): number {
    return (this.masks[eid] ?? 0) >>> 0;
  }

  /** Restores membership for a live entity (snapshot restore only). */
  restoreMembership(eid: number, mask: number): void {
    if (mask >>> this.comps.length !== 0 && this.comps.length < 32) throw new RangeError(`entity ${eid}: mask ${mask} names components world "${this.schema.name}" does not have`);
    this.masks[eid] = mask;
    for (const q of this.queries) q.giveUp();
  }

  /** The component's bit in this world (its index in the schema). */
  private bitOf(component: Component): number {
    const comps = this.comps;
    for (let i = 0; i < comps.length; i++) if (comps[i] === component) return i;
    throw new Error(`Component ${component.name} is not part of world "${this.schema.name}"`);
  }

  private setMask(eid: number, before: number, after: number): void {
    this.masks[eid] = after;
    const qs = this.queries;
    for (let i = 0; i < qs.length; i++) qs[i]!.note(eid, qs[i]!.matches(before), qs[i]!.matches(after));
  }

  private clear(bit: number, eid: number): void {
    const component = this.comps[bit]!;
    const s = this.stores[bit] as Record<string, Float64Array>;
    for (const f of component.fields) s[f]![eid] = 0;
  }

  /** Makes the arena for the current capacity; returns how to allocate columns (undefined: plain arrays). */
  private newArena(): ColumnAlloc | undefined {
    const arena = Arena.for(this.comps, this.capacity);
    this._arena = arena;
    return arena ? (type, length) => arena.alloc(type, length) : undefined;
  }

  private grow(eid: number): void {
    while (this.capacity <= eid) this.capacity *= 2;
    // a new arena with the columns copied over: old arrays stay valid (stale), as with plain arrays
    const alloc = this.newArena();
    for (let b = 0; b < this.comps.length; b++) growStore(this.comps[b]!, this.stores[b]!, this.capacity, alloc);
    const masks = newMasks(this.comps.length, this.capacity);
    masks.set(this.masks);
    this.masks = masks;
  }
}

/** One mask per entity id: 1, 2 or 4 bytes, as many as the component count needs. */
function newMasks(components: number, capacity: number): MaskArray {
  return components <= 8 ? new Uint8Array(capacity) : components <= 16 ? new Uint16Array(capacity) : new Uint32Array(capacity);
}
