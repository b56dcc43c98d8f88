// Binary codec for model field values and event payloads: numbers, strings, booleans,
// null/undefined, arrays, plain objects, Map, Set, typed arrays, ArrayBuffer, BigInt,
// references to models and worlds, shared references and cycles.
// Anything else is refused with an error naming the field path.
import { ByteReader, ByteWriter, hasLoneSurrogate } from "./bytes.ts";

const enum Tag {
  Undefined = 0, Null, False, True, Int, Float, String, Array, Object, NullProtoObject,
  Map, Set, TypedArray, ArrayBuffer, BigInt, ModelRef, WorldRef, BackRef,
  /** A missing element of a sparse array (only inside an Array). */
  Hole,
  /** A string with lone surrogates, as UTF-16 code units (UTF-8 would replace them by U+FFFD). */
  Utf16String,
  /**
   * An object (or null-prototype object) with a key holding a lone surrogate: each key is a u8
   * 0 (UTF-8 string) or 1 (UTF-16 code units). Other objects keep the plain UTF-8 keys.
   */
  ObjectWideKeys,
  NullProtoObjectWideKeys,
  /**
   * A typed array over the buffer of an object encoded earlier (an ArrayBuffer, or a typed
   * array spanning its whole buffer): u8 kind, varuint that object's index, varuint byteOffset,
   * varuint length. Views that share memory keep sharing it after a snapshot.
   */
  SharedView,
  /** An ArrayBuffer that an earlier typed array spans whole: varuint that array's index. */
  BufferOf,
}


const typedArrayKinds = [
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
] as const;

/** How model and world objects are referenced: by number, resolved by the snapshot. */
export interface RefTable {
  refOf(obj: object): { kind: "model" | "world"; n: number } | undefined;
  /** Why an object that is no plain data cannot be referenced (e.g. a destroyed model), if known. */
  explain?(obj: object): string | undefined;
  model(n: number): object;
  world(n: number): object;
}

export class ValueEncoder {
  private readonly seen = new Map<object, number>();
  /**
   * Buffers whose memory the decoder will have as one object: an ArrayBuffer written whole, or
   * a typed array spanning all of its buffer (by its index in `seen`). Later views of such a
   * buffer, and the buffer itself, refer to it instead of copying bytes. A view written first
   * that covers only part of its buffer is a copy (the rest of the buffer is not written), so
   * views of it met later do not share with it.
   */
  private readonly buffers = new Map<ArrayBufferLike, number>();
  private readonly path: (string | number)[] = [];

  constructor(readonly w: ByteWriter, private readonly refs?: RefTable) {}

  /** Encodes one value; `label` starts the field path used in error messages. */
  encode(value: unknown, label: string): void {
    this.path.length = 0;
    this.path.push(label);
    this.value(value);
  }

  private fail(what: string): never {
    throw new TypeError(`Cannot serialize ${what} at ${formatPath(this.path)}: model state may hold only numbers, strings, booleans, null, arrays, plain objects, Map, Set, typed arrays, BigInt and registered models`);
  }

  private value(v: unknown): void {
    const w = this.w;
    switch (typeof v) {
      case "undefined": return w.u8(Tag.Undefined);
      case "boolean": return w.u8(v ? Tag.True : Tag.False);
      case "number":
        if ((v | 0) === v && !Object.is(v, -0)) { w.u8(Tag.Int); w.i32(v); } else { w.u8(Tag.Float); w.f64(v); }
        return;
      case "string":
        if (hasLoneSurrogate(v)) { w.u8(Tag.Utf16String); w.utf16(v); } else { w.u8(Tag.String); w.string(v); }
        return;
      case "bigint": w.u8(Tag.BigInt); w.string(v.toString()); return;
      case "function": return this.fail(`a function (${(v as { name?: string }).name || "anonymous"})`);
      case "symbol": return this.fail(`a symbol (${String(v)})`);
    }
    if (v === null) return w.u8(Tag.Null);
    const obj = v as object;
    const ref = this.refs?.refOf(obj);
    if (ref) { w.u8(ref.kind === "model" ? Tag.ModelRef : Tag.WorldRef); w.varuint(ref.n); return; }
    const back = this.seen.get(obj);
    if (back !== undefined) { w.u8(Tag.BackRef); w.varuint(back); return; }
    this.seen.set(obj, this.seen.size);
    if (Array.isArray(obj)) {
      w.u8(Tag.Array); w.varuint(obj.length);
      for (let i = 0; i < obj.length; i++) {
        const item: unknown = obj[i];
        if (item === undefined && !(i in obj)) { w.u8(Tag.Hole); continue; }
        this.path.push(i); this.value(item); this.path.pop();
      }
      return;
    }
    if (ArrayBuffer.isView(obj)) {
      const kind = typedArrayKinds.findIndex((k) => obj.constructor === k);
      if (kind < 0) return this.fail(`a ${obj.constructor.name}`);
      const view = obj as unknown as { buffer: ArrayBufferLike; byteOffset: number; byteLength: number; length: number };
      const owner = this.buffers.get(view.buffer);
      if (owner !== undefined) {
        w.u8(Tag.SharedView); w.u8(kind); w.varuint(owner); w.varuint(view.byteOffset); w.varuint(view.length);
        return;
      }
      w.u8(Tag.TypedArray); w.u8(kind); w.varuint(view.byteLength);
      w.bytes(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
      if (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) this.buffers.set(view.buffer, this.seen.get(obj)!);
      return;
    }
    if (obj instanceof ArrayBuffer) {
      const owner = this.buffers.get(obj);
      if (owner !== undefined) { w.u8(Tag.BufferOf); w.varuint(owner); return; }
      w.u8(Tag.ArrayBuffer); w.varuint(obj.byteLength); w.bytes(new Uint8Array(obj));
      this.buffers.set(obj, this.seen.get(obj)!);
      return;
    }
    if (obj instanceof Map) {
      w.u8(Tag.Map); w.varuint(obj.size);
      for (const [k, val] of obj) {
        this.path.push("<key>"); this.value(k); this.path.pop();
        // String() would throw for a null-prototype key object
        this.path.push(typeof k === "object" && k !== null ? "<value>" : String(k)); this.value(val); this.path.pop();
      }
      return;
    }
    if (obj instanceof Set) {
      w.u8(Tag.Set); w.varuint(obj.size);
      let i = 0;
      for (const item of obj) { this.path.push(`<item ${i++}>`); this.value(item); this.path.pop(); }
      return;
    }
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      const why = this.refs?.explain?.(obj);
      if (why !== undefined) return this.fail(why);
      const name = (obj.constructor as { name?: string } | undefined)?.name ?? "unknown";
      return this.fail(`an instance of unregistered class ${name}`);
    }
    const keys = Object.keys(obj);
    // a key with a lone surrogate would come back as U+FFFD from UTF-8 (a late joiner's object
    // would differ), so such objects say how each key is written
    const wide = keys.some(hasLoneSurrogate);
    if (wide) w.u8(proto === null ? Tag.NullProtoObjectWideKeys : Tag.ObjectWideKeys);
    else w.u8(proto === null ? Tag.NullProtoObject : Tag.Object);
    w.varuint(keys.length);
    for (const k of keys) {
      if (wide) w.text(k); else w.string(k);
      this.path.push(k); this.value((obj as Record<string, unknown>)[k]); this.path.pop();
    }
  }
}

export class ValueDecoder {
  private readonly seen: object[] = [];

  constructor(readonly r: ByteReader, private readonly refs?: RefTable) {}

  decode(): unknown {
    const r = this.r;
    const tag = r.u8() as Tag;
    switch (tag) {
      case Tag.Undefined: return undefined;
      case Tag.Null: return null;
      case Tag.False: return false;
      case Tag.True: return true;
      case Tag.Int: return r.i32();
      case Tag.Float: return r.f64();
      case Tag.String: return r.string();
      case Tag.Utf16String: return r.utf16();
      case Tag.Hole: throw new RangeError(`array hole outside an array at offset ${r.offset - 1}`);
      case Tag.BigInt: return BigInt(r.string());
      case Tag.ModelRef: return this.ref().model(r.varuint());
      case Tag.WorldRef: return this.ref().world(r.varuint());
      case Tag.BackRef: {
        const i = r.varuint();
        if (i >= this.seen.length) throw new RangeError(`bad back-reference ${i}`);
        return this.seen[i];
      }
      case Tag.Array: {
        const n = r.varuint();
        const arr: unknown[] = [];
        this.seen.push(arr);
        let holes: number[] | undefined;
        for (let i = 0; i < n; i++) {
          if (r.buf[r.offset] === Tag.Hole) { r.offset++; arr.push(undefined); (holes ??= []).push(i); continue; }
          arr.push(this.decode());
        }
        if (holes) for (const i of holes) delete arr[i]; // stays packed unless the original was sparse
        return arr;
      }
      case Tag.TypedArray: {
        const Kind = typedArrayKinds[r.u8()];
        if (!Kind) throw new RangeError("bad typed array kind");
        const bytes = r.bytes(r.varuint()).slice();
        const arr = new Kind(bytes.buffer);
        this.seen.push(arr);
        return arr;
      }
      case Tag.ArrayBuffer: {
        const buf = r.bytes(r.varuint()).slice().buffer;
        this.seen.push(buf);
        return buf;
      }
      case Tag.SharedView: {
        const Kind = typedArrayKinds[r.u8()];
        if (!Kind) throw new RangeError("bad typed array kind");
        const buffer = this.bufferOf(r.varuint());
        const offset = r.varuint();
        const length = r.varuint();
        if (offset % Kind.BYTES_PER_ELEMENT !== 0 || offset + length * Kind.BYTES_PER_ELEMENT > buffer.byteLength) {
          throw new RangeError(`shared view (${length} × ${Kind.BYTES_PER_ELEMENT} bytes at ${offset}) outside its buffer of ${buffer.byteLength} bytes`);
        }
        const arr = new Kind(buffer, offset, length);
        this.seen.push(arr);
        return arr;
      }
      case Tag.BufferOf: {
        const buffer = this.bufferOf(r.varuint());
        this.seen.push(buffer);
        return buffer;
      }
      case Tag.Map: {
        const n = r.varuint();
        const map = new Map<unknown, unknown>();
        this.seen.push(map);
        for (let i = 0; i < n; i++) { const k = this.decode(); map.set(k, this.decode()); }
        return map;
      }
      case Tag.Set: {
        const n = r.varuint();
        const set = new Set<unknown>();
        this.seen.push(set);
        for (let i = 0; i < n; i++) set.add(this.decode());
        return set;
      }
      case Tag.Object:
      case Tag.NullProtoObject:
      case Tag.ObjectWideKeys:
      case Tag.NullProtoObjectWideKeys: {
        const n = r.varuint();
        const obj: Record<string, unknown> = tag === Tag.Object || tag === Tag.ObjectWideKeys ? {} : Object.create(null);
        const wide = tag === Tag.ObjectWideKeys || tag === Tag.NullProtoObjectWideKeys;
        this.seen.push(obj);
        for (let i = 0; i < n; i++) {
          const k = wide ? r.text("object key") : r.string();
          const v = this.decode();
          // an own "__proto__" key is data: assigning it would replace the prototype instead
          if (k === "__proto__") Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
          else obj[k] = v;
        }
        return obj;
      }
      default:
        throw new RangeError(`unknown value tag ${tag as number} at offset ${r.offset - 1}`);
    }
  }

  private ref(): RefTable {
    if (!this.refs) throw new RangeError("model reference outside a snapshot");
    return this.refs;
  }

  /** The buffer behind object `index` decoded earlier: an ArrayBuffer, or a typed array's buffer. */
  private bufferOf(index: number): ArrayBuffer {
    const owner = this.seen[index];
    if (owner instanceof ArrayBuffer) return owner;
    if (owner !== undefined && ArrayBuffer.isView(owner)) return owner.buffer as ArrayBuffer;
    throw new RangeError(`shared buffer reference ${index} is not an earlier ArrayBuffer or typed array`);
  }
}

function formatPath(path: readonly (string | number)[]): string {
  let out = String(path[0]);
  for (let i = 1; i < path.length; i++) {
    const p = path[i]!;
    out += typeof p === "number" ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`;
  }
  return out;
}

/** Encodes a standalone value (event payloads): no model references. */
export function encodeValue(value: unknown, label = "payload"): Uint8Array {
  const w = new ByteWriter(64);
  new ValueEncoder(w).encode(value, label);
  return w.finish();
}

export function decodeValue(bytes: Uint8Array): unknown {
  const r = new ByteReader(bytes);
  const v = new ValueDecoder(r).decode();
  if (!r.done) throw new RangeError(`trailing bytes after value (${bytes.length - r.offset})`);
  return v;
}
