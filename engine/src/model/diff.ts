// Names the first difference between two runtimes' states: a model field path, an ECS
// component field of an entity, the entity index, RNG, futures or subscriptions.
// Used to report a view that wrote the model, and to explain desyncs in debug mode.
import { ByteWriter } from "./bytes.ts";
import type { Runtime } from "./runtime.ts";
import { ValueEncoder, type RefTable } from "./values.ts";
import { World } from "./world.ts";

/** Refs encoded by id, so fields are compared by value without following into other models. */
const idRefs: RefTable = {
  refOf(obj) {
    if (obj instanceof World) return { kind: "world", n: obj.id };
    const id = (obj as { id?: unknown }).id;
    return typeof id === "string" && /^M\d+$/.test(id) && Object.getPrototypeOf(obj) !== Object.prototype ? { kind: "model", n: Number(id.slice(1)) } : undefined;
  },
  model: () => ({}),
  world: () => ({}),
};

function bytesOf(value: unknown): string {
  const w = new ByteWriter(64);
  try {
    new ValueEncoder(w, idRefs).encode(value, "value");
  } catch (err) {
    return `<unserializable: ${(err as Error).message}>`;
  }
  return Array.from(w.finish()).join(",");
}

function differs(a: unknown, b: unknown): boolean {
  return bytesOf(a) !== bytesOf(b);
}

export function describeDifference(a: Runtime, b: Runtime): string | null {
  if (a.time !== b.time) return `model time ${a.time} vs ${b.time}`;
  if (a.lastSeq !== b.lastSeq) return `last seq ${a.lastSeq} vs ${b.lastSeq}`;
  if (differs(a.rng.getState(), b.rng.getState())) return "random generator state (random() called a different number of times)";
  const ids = new Set([...a.models.keys(), ...b.models.keys()]);
  for (const id of ids) {
    const ma = a.models.get(id), mb = b.models.get(id);
    if (!ma || !mb) return `model ${id} exists on only one side`;
    const name = ma.constructor.name;
    const keys = new Set([...Object.keys(ma), ...Object.keys(mb)]);
    for (const k of keys) {
      const va = (ma as unknown as Record<string, unknown>)[k], vb = (mb as unknown as Record<string, unknown>)[k];
      if (differs(va, vb)) return `${name}#${id}.${k}: ${preview(va)} vs ${preview(vb)}`;
    }
    if (Object.keys(ma).join() !== Object.keys(mb).join()) return `${name}#${id}: field order differs`;
  }
  for (const [wid, ra] of a.worlds) {
    const rb = b.worlds.get(wid);
    if (!rb) return `world ${wid} exists on only one side`;
    const d = worldDifference(ra.world, rb.world);
    if (d) return `world "${ra.world.schema.name}": ${d}`;
  }
  if (differs(a.futures.entries(), b.futures.entries())) return "pending futures";
  if (differs([...a.subscriptions], [...b.subscriptions])) return "subscriptions";
  if (differs([...a.wellKnown], [...b.wellKnown])) return "well-known models";
  return null;
}

function worldDifference(a: World, b: World): string | null {
  if (a.stepCount !== b.stepCount) return `step count ${a.stepCount} vs ${b.stepCount}`;
  const ia = a.entityIndex, ib = b.entityIndex;
  if (ia.aliveCount !== ib.aliveCount || ia.maxId !== ib.maxId || ia.dense.join() !== ib.dense.join()) {
    return `entity index (alive ${ia.aliveCount} vs ${ib.aliveCount}, maxId ${ia.maxId} vs ${ib.maxId})`;
  }
  for (const c of a.schema.components) {
    const ea = a.query(c), eb = b.query(c);
    if (ea.join() !== eb.join()) return `entities with ${c.name}`;
    const sa = a.store(c) as Record<string, ArrayLike<number>>, sb = b.store(c) as Record<string, ArrayLike<number>>;
    for (const f of c.fields) {
      for (let i = 0; i < ea.length; i++) {
        const e = ea[i]!;
        if (!Object.is(sa[f]![e], sb[f]![e])) return `${c.name}.${f} of entity ${e}: ${sa[f]![e]} vs ${sb[f]![e]}`;
      }
    }
  }
  if (differs(a.inputs, b.inputs)) return "input queue";
  return null;
}

function preview(v: unknown): string {
  let s: string;
  try {
    s = typeof v === "bigint" ? `${v}n` : JSON.stringify(v, (_k, x) => (x instanceof Map ? [...x] : x instanceof Set ? [...x] : x)) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
