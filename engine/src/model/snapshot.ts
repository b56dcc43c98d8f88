// The complete binary snapshot of a runtime: counters, RNG, models (class name + fields in
// key order), ECS worlds, futures and subscriptions. Restoring and continuing gives the same
// hashes as a client that never snapshotted.
import { ByteReader, ByteWriter } from "./bytes.ts";
import { hashBytes } from "./hash.ts";
import { RUNTIME, type Model } from "./model.ts";
import { classByName, nameOfClass } from "./registry.ts";
import { modelNum, Runtime } from "./runtime.ts";
import { ValueDecoder, ValueEncoder, type RefTable } from "./values.ts";
import { World } from "./world.ts";
import { decodeWorld, encodeWorld } from "./world-codec.ts";

const MAGIC = 0x4d444e54; // "TNDM" little-endian
export const SNAPSHOT_VERSION = 3;

function refTable(rt: Runtime): RefTable {
  return {
    refOf(obj) {
      if (obj instanceof World) return rt.worlds.get(obj.id)?.world === obj ? { kind: "world", n: obj.id } : undefined;
      const id = (obj as Model)[RUNTIME] === rt ? (obj as Model).id : undefined;
      if (id !== undefined && rt.models.get(id) === obj) return { kind: "model", n: modelNum(id) };
      return undefined;
    },
    explain(obj) {
      if (obj instanceof World) return `a reference to world "${obj.schema.name}" #${obj.id}, which is not in this session (was its owner destroyed?)`;
      const owner = (obj as Partial<Model>)[RUNTIME];
      if (owner === undefined) return undefined;
      const name = `${nameOfClass(obj.constructor) ?? obj.constructor.name}#${(obj as Model).id}`;
      return owner === rt
        ? `a reference to destroyed model ${name} (clear references to a model when destroying it)`
        : `a reference to model ${name} of another session`;
    },
    model(n) {
      const m = rt.models.get(`M${n}`);
      if (!m) throw new RangeError(`snapshot refers to missing model M${n}`);
      return m;
    },
    world(n) {
      const rec = rt.worlds.get(n);
      if (!rec) throw new RangeError(`snapshot refers to missing world ${n}`);
      return rec.world;
    },
  };
}

export function encodeSnapshot(rt: Runtime): Uint8Array {
  const w = new ByteWriter(64 * 1024);
  const values = new ValueEncoder(w, refTable(rt));
  w.u32(MAGIC);
  w.u8(SNAPSHOT_VERSION);
  w.string(rt.sessionId);
  w.f64(rt.time);
  w.f64(rt.lastSeq);
  w.varuint(rt.nextModelNum);
  w.varuint(rt.futureSeq);
  w.varuint(rt.nextWorldId);
  for (const s of rt.rng.getState()) w.i32(s);
  w.string(rt.rootId ?? "");
  w.varuint(rt.wellKnown.size);
  // names and keys model code (or its users' input) chose: written losslessly
  for (const [name, id] of rt.wellKnown) { w.text(name); w.string(id); }
  // pass 1: headers, so every reference can be resolved while decoding fields
  w.varuint(rt.models.size);
  for (const [id, m] of rt.models) {
    w.varuint(modelNum(id));
    w.string(nameOfClass(m.constructor)!);
  }
  w.varuint(rt.worlds.size);
  for (const rec of rt.worlds.values()) { w.string(rec.ownerId); encodeWorld(w, rec.world); }
  // pass 2: values
  for (const [id, m] of rt.models) {
    const keys = Object.keys(m);
    w.varuint(keys.length);
    const cls = nameOfClass(m.constructor)!;
    for (const k of keys) { w.text(k); values.encode((m as unknown as Record<string, unknown>)[k], `${cls}#${id}.${k}`); }
  }
  for (const rec of rt.worlds.values()) values.encode(rec.world.inputs, `world "${rec.world.schema.name}".inputs`);
  const futures = rt.futures.entries();
  w.varuint(futures.length);
  for (const f of futures) {
    w.f64(f.time); w.varuint(f.seq); w.varuint(f.target); w.string(f.method);
    values.encode(f.args, `future ${f.method || "step"} args`);
  }
  w.varuint(rt.subscriptions.size);
  for (const [key, subs] of rt.subscriptions) {
    w.text(key);
    w.varuint(subs.length);
    for (const s of subs) { w.varuint(modelNum(s.modelId)); w.string(s.method); }
  }
  return w.finish();
}

export function decodeSnapshot(bytes: Uint8Array): Runtime {
  const r = new ByteReader(bytes);
  if (r.u32() !== MAGIC) throw new Error("not a Tandem snapshot (bad magic)");
  const version = r.u8();
  if (version !== SNAPSHOT_VERSION) throw new Error(`snapshot version ${version} is not supported (expected ${SNAPSHOT_VERSION})`);
  const rt = new Runtime(r.string());
  rt.time = r.f64();
  rt.lastSeq = r.f64();
  rt.nextModelNum = r.varuint();
  rt.futureSeq = r.varuint();
  rt.nextWorldId = r.varuint();
  rt.rng.setState([r.i32(), r.i32(), r.i32(), r.i32()]);
  rt.rootId = r.string() || null;
  for (let n = r.varuint(); n > 0; n--) rt.wellKnown.set(r.text(), r.string());
  for (let n = r.varuint(); n > 0; n--) {
    const id = `M${r.varuint()}`;
    const cls = classByName(r.string());
    const m = Object.create(cls.prototype) as Model;
    Object.defineProperty(m, "id", { value: id, enumerable: false, writable: false });
    Object.defineProperty(m, RUNTIME, { value: rt, enumerable: false, writable: false });
    rt.models.set(id, m);
  }
  for (let n = r.varuint(); n > 0; n--) {
    const ownerId = r.string();
    const world = decodeWorld(r, rt);
    rt.worlds.set(world.id, { world, ownerId });
  }
  const values = new ValueDecoder(r, refTable(rt));
  for (const m of rt.models.values()) {
    for (let n = r.varuint(); n > 0; n--) {
      const k = r.text();
      (m as unknown as Record<string, unknown>)[k] = values.decode();
    }
  }
  for (const rec of rt.worlds.values()) rec.world.inputs = values.decode() as unknown[];
  for (let n = r.varuint(); n > 0; n--) {
    const time = r.f64(), seq = r.varuint(), target = r.varuint(), method = r.string();
    rt.futures.push({ time, seq, target, method, args: values.decode() as unknown[] });
  }
  for (let n = r.varuint(); n > 0; n--) {
    const key = r.text();
    const subs = [];
    for (let k = r.varuint(); k > 0; k--) subs.push({ modelId: `M${r.varuint()}`, method: r.string() });
    rt.subscriptions.set(key, subs);
  }
  if (!r.done) throw new Error(`snapshot has ${bytes.length - r.offset} trailing bytes`);
  return rt;
}

/** State hash: the hash of the snapshot bytes, so it covers exactly what a snapshot holds. */
export function hashRuntime(rt: Runtime): string {
  return hashBytes(encodeSnapshot(rt));
}
