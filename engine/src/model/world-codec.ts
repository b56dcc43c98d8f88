// Binary encoding of an ECS world's entity index, membership and component stores.
// The entity index is kept exactly (dense incl. the free list, aliveCount, maxId), so entity
// ids are never remapped and recycling after restore matches a client that never restored.
import { ByteReader, ByteWriter } from "./bytes.ts";
import { fieldArrays } from "./component.ts";
import { World, worldSchemaByName, type EntityIndex, type WorldHost } from "./world.ts";

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
  const dense = Uint32Array.from(idx.dense);
  writeArray(w, dense);
  const alive = dense.subarray(0, idx.aliveCount);
  // membership: one u32 mask per live entity, in dense order
  const masks = new Uint32Array(alive.length);
  const comps = schema.components;
  for (let c = 0; c < comps.length; c++) {
    const bit = 1 << c;
    for (let i = 0; i < alive.length; i++) if (world.hasComponent(alive[i]!, comps[c]!)) masks[i]! |= bit;
  }
  const maskBytes = comps.length <= 8 ? 1 : comps.length <= 16 ? 2 : 4;
  w.u8(maskBytes);
  const packed = maskBytes === 1 ? Uint8Array.from(masks) : maskBytes === 2 ? Uint16Array.from(masks) : masks;
  writeArray(w, packed);
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
      writeArray(w, out);
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
  const dense = readArray(r, Uint32Array, denseLength);
  const sparse: number[] = [];
  for (let i = 0; i < dense.length; i++) sparse[dense[i]!] = i;
  const entityIndex: EntityIndex = {
    aliveCount, dense: Array.from(dense), sparse, maxId,
    versioning: false, versionBits: 8, entityMask: (1 << 24) - 1, versionShift: 24, versionMask: ((1 << 8) - 1) << 24,
  };
  const world = new World(id, schema, host, startTime, entityIndex);
  world.stepCount = stepCount;
  const maskBytes = r.u8();
  const MaskArray = maskBytes === 1 ? Uint8Array : maskBytes === 2 ? Uint16Array : Uint32Array;
  const masks = readArray(r, MaskArray, aliveCount);
  for (let i = 0; i < aliveCount; i++) world.restoreMembership(dense[i]!, masks[i]!);
  const comps = schema.components;
  for (let c = 0; c < comps.length; c++) {
    const comp = comps[c]!;
    const bit = 1 << c;
    let count = 0;
    for (let i = 0; i < aliveCount; i++) if (masks[i]! & bit) count++;
    const store = world.store(comp) as unknown as Record<string, NumArray>;
    for (const f of comp.fields) {
      const values = readArray(r, fieldArrays[comp.schema[f]!] as unknown as Float64ArrayConstructor, count);
      const dst = store[f]!;
      let j = 0;
      for (let i = 0; i < aliveCount; i++) if (masks[i]! & bit) dst[dense[i]!] = values[j++]!;
    }
  }
  return world;
}

// Typed arrays are written as raw little-endian bytes (every JS platform in use is little-endian;
// the snapshot header records it so a big-endian reader would refuse rather than misread).
function writeArray(w: ByteWriter, a: ArrayBufferView): void {
  w.bytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

function readArray<T extends ArrayBufferView>(r: ByteReader, Kind: { new (buf: ArrayBuffer): T; BYTES_PER_ELEMENT: number } | { BYTES_PER_ELEMENT: number }, n: number): T {
  const bytes = r.bytes(n * Kind.BYTES_PER_ELEMENT).slice(); // copy: aligned and detached from the input
  return new (Kind as new (buf: ArrayBuffer) => T)(bytes.buffer);
}
