// Binary encoding of an ECS world's entity index, membership and component stores.
// The entity index is kept exactly (dense incl. the free list, aliveCount, maxId), so entity
// ids are never remapped and recycling after restore matches a client that never restored.
// Layout (snapshot version 2): header varints; the dense array as zigzag varint differences;
// the mask byte width; masks and then every component field's values as byte-shuffled columns
// (columns.ts) — raw ≈ 18 B per entity for two 2×f32 components, and far better to deflate.
import { ByteReader, ByteWriter } from "./bytes.ts";
import { readIdDeltas, readShuffled, writeIdDeltas, writeShuffled } from "./columns.ts";
import { fieldArrays } from "./component.ts";
import { EntityIndex, World, worldSchemaByName, type WorldHost } from "./world.ts";

type NumArray = Float64Array; // any numeric typed array; the element type comes from the schema

export function encodeWorld(w: ByteWriter, world: World): void {
  const { schema } = world;
  const idx = world.entityIndex;
  w.string(schema.name);
  w.varuint(world.id);
  w.f64(world.startTime);
  w.varuint(world.stepCount);
  w.varuint(idx.maxId);
  w.varuint(idx.aliveCount);
  w.varuint(idx.dense.length);
  const dense = idx.dense;
  writeIdDeltas(w, dense);
  const alive = dense.subarray(0, idx.aliveCount);
  // membership: one u32 mask per live entity, in dense order
  const masks = new Uint32Array(alive.length);
  const comps = schema.components;
  for (let i = 0; i < alive.length; i++) masks[i] = world.maskOf(alive[i]!);
  const maskBytes = comps.length <= 8 ? 1 : comps.length <= 16 ? 2 : 4;
  w.u8(maskBytes);
  const packed = maskBytes === 1 ? Uint8Array.from(masks) : maskBytes === 2 ? Uint16Array.from(masks) : masks;
  writeShuffled(w, packed);
  // stores: per component field, the values of the live entities having it, in dense order
  for (let c = 0; c < comps.length; c++) {
    const comp = comps[c]!;
    const bit = 1 << c;
    let count = 0;
    for (let i = 0; i < masks.length; i++) if (masks[i]! & bit) count++;
    const store = world.store(comp) as unknown as Record<string, NumArray>;
    for (const f of comp.fields) {
      const src = store[f]!;
      const out = new (fieldArrays[comp.schema[f]!] as unknown as Float64ArrayConstructor)(count);
      let j = 0;
      for (let i = 0; i < alive.length; i++) if (masks[i]! & bit) out[j++] = src[alive[i]!]!;
      writeShuffled(w, out);
    }
  }
}

export function decodeWorld(r: ByteReader, host: WorldHost): World {
  const schema = worldSchemaByName(r.string());
  const id = r.varuint();
  const startTime = r.f64();
  const stepCount = r.varuint();
  const maxId = r.varuint();
  const aliveCount = r.varuint();
  const denseLength = r.varuint();
  const dense = readIdDeltas(r, denseLength);
  const world = new World(id, schema, host, startTime, EntityIndex.restore(dense, aliveCount, maxId));
  world.stepCount = stepCount;
  const maskBytes = r.u8();
  if (maskBytes !== 1 && maskBytes !== 2 && maskBytes !== 4) throw new RangeError(`world "${schema.name}": bad mask width ${maskBytes}`);
  const MaskArray = maskBytes === 1 ? Uint8Array : maskBytes === 2 ? Uint16Array : Uint32Array;
  const masks = readShuffled<ArrayBufferView & ArrayLike<number>>(r, MaskArray, aliveCount);
  for (let i = 0; i < aliveCount; i++) world.restoreMembership(dense[i]!, masks[i]!);
  const comps = schema.components;
  for (let c = 0; c < comps.length; c++) {
    const comp = comps[c]!;
    const bit = 1 << c;
    let count = 0;
    for (let i = 0; i < aliveCount; i++) if (masks[i]! & bit) count++;
    const store = world.store(comp) as unknown as Record<string, NumArray>;
    for (const f of comp.fields) {
      const values = readShuffled(r, fieldArrays[comp.schema[f]!] as unknown as Float64ArrayConstructor, count);
      const dst = store[f]!;
      let j = 0;
      for (let i = 0; i < aliveCount; i++) if (masks[i]! & bit) dst[dense[i]!] = values[j++]!;
    }
  }
  return world;
}
