// A world's component columns in one WebAssembly.Memory, so WebAssembly kernels (kernels/)
// can work on them in place — copying 10k entities' columns in and out per step would cost
// more than the kernel saves. To model code nothing changes: every field is still a typed array
// indexed by entity id (a view into the memory), and a world that outgrows its arena gets a
// new one with the columns copied over, exactly as plain arrays were replaced on growth.
// Without WebAssembly SIMD (or when the memory cannot be had) worlds keep plain arrays and
// kernels run their JS twins, which compute the same bits.
import { fieldArrays, type Component, type FieldType } from "./component.ts";
import { bytesBase64 as moveBounceBase64 } from "./kernels/move-bounce.wasm.ts";

type Column = InstanceType<(typeof fieldArrays)[FieldType]>;

/** The kernels' exports, bound to one arena's memory. */
export interface KernelExports {
  moveBounce(px: number, py: number, vx: number, vy: number, ids: number, n: number, dt: number, w: number, h: number): void;
  moveBounceRange(px: number, py: number, vx: number, vy: number, first: number, n: number, dt: number, w: number, h: number): void;
}

const PAGE = 65536;
/** Entity ids a kernel call takes at most (a fixed 16 KB scratch, not a column per entity). */
export const ID_CHUNK = 4096;
const ALIGN = 16;
const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

let kernelModule: WebAssembly.Module | null | undefined;

/** The compiled kernel module, or null where WebAssembly (with SIMD) is not available. */
function compiledKernels(): WebAssembly.Module | null {
  if (kernelModule !== undefined) return kernelModule;
  kernelModule = null;
  try {
    if (typeof WebAssembly === "object") {
      const bytes = decodeBase64(moveBounceBase64);
      // validate() is false on engines without SIMD: they use the JS twins
      if (WebAssembly.validate(bytes)) kernelModule = new WebAssembly.Module(bytes);
    }
  } catch {
    kernelModule = null;
  }
  return kernelModule;
}

/** Lets tests run worlds without arenas (the JS path) in an engine that has WebAssembly. */
export function setArenasEnabled(enabled: boolean): void {
  arenasEnabled = enabled;
}
let arenasEnabled = true;

export class Arena {
  readonly memory: WebAssembly.Memory;
  /** memory.buffer, kept: the memory never grows (a bigger world gets a new arena), and the getter is not free. */
  private readonly buffer: ArrayBuffer;
  /** Scratch for the entity ids a kernel works on, passed in chunks of ID_CHUNK, and its address. */
  readonly ids: Uint32Array;
  readonly idsAddress: number;
  private top = 0;
  private instance: KernelExports | null = null;

  private constructor(bytes: number) {
    this.memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
    this.buffer = this.memory.buffer;
    this.ids = this.alloc("u32", ID_CHUNK) as Uint32Array;
    this.idsAddress = this.ids.byteOffset;
  }

  /**
   * An arena for these components at `capacity` entity ids, or null when worlds use plain
   * arrays here (no WebAssembly SIMD, arenas disabled, or no memory to be had).
   */
  static for(components: readonly Component[], capacity: number): Arena | null {
    if (!arenasEnabled || compiledKernels() === null) return null;
    let bytes = align(ID_CHUNK * 4);
    for (const c of components) for (const f of c.fields) bytes += align(capacity * fieldArrays[c.schema[f]!].BYTES_PER_ELEMENT);
    try {
      return new Arena(bytes);
    } catch {
      return null; // e.g. over the 4 GiB a memory can have: plain arrays still work
    }
  }

  /** A zeroed column of `length` elements in this arena. */
  alloc(type: FieldType, length: number): Column {
    const Type = fieldArrays[type];
    const at = this.top;
    this.top = align(at + length * Type.BYTES_PER_ELEMENT);
    if (this.top > this.buffer.byteLength) throw new Error(`arena overflow: ${this.top} > ${this.buffer.byteLength} bytes`);
    return new Type(this.buffer, at, length);
  }

  /**
   * The byte addresses of four columns of this arena (what kernels take), or null when any of
   * them is not one. Remembers the last four asked: reading `.buffer` / `.byteOffset` of typed
   * arrays costs ≈35 ns each where V8 cannot inline it, ≈0.3 µs per kernel call for nothing.
   */
  addresses4(a: ArrayBufferView, b: ArrayBufferView, c: ArrayBufferView, d: ArrayBufferView): Int32Array | null {
    const k = this.lastColumns;
    if (k[0] === a && k[1] === b && k[2] === c && k[3] === d) return this.lastAddresses;
    const buffer = this.buffer;
    if (a.buffer !== buffer || b.buffer !== buffer || c.buffer !== buffer || d.buffer !== buffer) return null;
    this.lastColumns = [a, b, c, d];
    this.lastAddresses = Int32Array.of(a.byteOffset, b.byteOffset, c.byteOffset, d.byteOffset);
    return this.lastAddresses;
  }
  private lastColumns: (ArrayBufferView | null)[] = [null, null, null, null];
  private lastAddresses = new Int32Array(4);

  /** The kernels, bound to this arena's memory (instantiated on first use). */
  kernels(): KernelExports {
    if (!this.instance) {
      const module = compiledKernels()!;
      this.instance = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as KernelExports;
    }
    return this.instance;
  }
}
