// The move-and-bounce kernel: its WebAssembly (SIMD) path and its JS twin give the same bits
// for any world (property test over random entity sets, holes in the id range, positions and
// velocities that cross the walls), the world's columns live in its arena and survive growth,
// and the committed wasm bytes are what the .wat source compiles to.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { defineComponent, defineWorld, World } from "tandem";
import { ID_CHUNK, setArenasEnabled } from "../../src/model/arena.ts";
import { bytesBase64 } from "../../src/model/kernels/move-bounce.wasm.ts";
import { moveAndBounce2D } from "../../src/model/kernels/move-bounce.ts";
import { compileWat, kernelModule, KERNEL_DIR } from "../../../scripts/build-kernels.ts";

const P = defineComponent("KPos", { x: "f32", y: "f32" });
const V = defineComponent("KVel", { x: "f32", y: "f32" });
const Tag = defineComponent("KTag", {});
const KWorld = defineWorld({ name: "kernel-test", components: [P, V, Tag], systems: [] });
const host = { random: () => 0.5, now: () => 0, publish: () => undefined, sessionId: "kernel-test" };

afterEach(() => setArenasEnabled(true));

interface Spec {
  /** Entities to spawn; `moving: false` ones get no velocity (not in the kernel's query). */
  entities: { x: number; y: number; vx: number; vy: number; moving: boolean }[];
  /** Indexes (into entities) removed before stepping: holes in the id range. */
  removed: number[];
  steps: number;
}

/** Runs a spec with or without arenas; returns the columns' bits. */
function run(spec: Spec, arenas: boolean): { bits: number[]; arena: boolean } {
  setArenasEnabled(arenas);
  const w = new World(1, KWorld, host, 0);
  const ids = spec.entities.map((e) => {
    const id = e.moving ? w.addEntity(P, V) : w.addEntity(P, Tag);
    const p = w.store(P);
    p.x[id] = e.x;
    p.y[id] = e.y;
    if (e.moving) {
      const v = w.store(V);
      v.x[id] = e.vx;
      v.y[id] = e.vy;
    }
    return id;
  });
  for (const i of new Set(spec.removed)) if (i < ids.length) w.removeEntity(ids[i]!);
  for (let s = 0; s < spec.steps; s++) moveAndBounce2D(w, P, V, 1 / 60, 1000, 600);
  const bits: number[] = [];
  for (const col of [w.store(P).x, w.store(P).y, w.store(V).x, w.store(V).y]) bits.push(...new Uint32Array(col.buffer, col.byteOffset, col.length));
  return { bits, arena: w.arena !== null };
}

const coord = fc.oneof(fc.float({ min: -50, max: 1050, noNaN: true }), fc.constantFrom(0, -0, 1000, 600, 999.99, 0.001));
const speed = fc.oneof(fc.float({ min: -3000, max: 3000, noNaN: true }), fc.constantFrom(0, -0, 100, -100));
const entity = fc.record({ x: coord, y: coord, vx: speed, vy: speed, moving: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(true), fc.constant(false)) });

describe("moveAndBounce2D", () => {
  it("runs in the arena where WebAssembly SIMD exists (Node 20 has it)", () => {
    expect(run({ entities: [{ x: 1, y: 1, vx: 1, vy: 1, moving: true }], removed: [], steps: 1 }, true).arena).toBe(true);
    expect(run({ entities: [{ x: 1, y: 1, vx: 1, vy: 1, moving: true }], removed: [], steps: 1 }, false).arena).toBe(false);
  });

  it("gives the same bits on the WebAssembly path and the JS path", () => {
    fc.assert(
      fc.property(fc.record({ entities: fc.array(entity, { maxLength: 70 }), removed: fc.array(fc.nat(80), { maxLength: 20 }), steps: fc.integer({ min: 1, max: 12 }) }), (spec) => {
        expect(run(spec, true).bits).toEqual(run(spec, false).bits);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same bits for a world larger than one kernel call's id chunk", () => {
    // 9000 entities (three chunks of ID_CHUNK ids), every 7th removed: runs of consecutive ids
    // broken at chunk edges and at holes
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const entities = Array.from({ length: 9000 }, () => ({ x: rnd() * 1100 - 50, y: rnd() * 700 - 50, vx: (rnd() - 0.5) * 4000, vy: (rnd() - 0.5) * 4000, moving: rnd() < 0.95 }));
    const removed = entities.map((_, i) => i).filter((i) => i % 7 === 3);
    const spec = { entities, removed, steps: 5 };
    expect(ID_CHUNK).toBeLessThan(9000 / 2);
    expect(run(spec, true).bits).toEqual(run(spec, false).bits);
    // and one dense run of 9001 ids (the kernel's no-id-list path, with a tail of one)
    const dense = { entities: [...entities.map((e) => ({ ...e, moving: true })), entities[0]!], removed: [], steps: 5 };
    expect(run(dense, true).bits).toEqual(run(dense, false).bits);
  });

  it("gives the same bits for every dense run length 1..40 (8-wide, 4-wide and one-by-one parts)", () => {
    let seed = 99;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let n = 1; n <= 40; n++) {
      const entities = Array.from({ length: n }, () => ({ x: rnd() * 1100 - 50, y: rnd() * 700 - 50, vx: (rnd() - 0.5) * 9000, vy: (rnd() - 0.5) * 9000, moving: true }));
      const spec = { entities, removed: [], steps: 3 };
      expect(run(spec, true).bits, `${n} entities`).toEqual(run(spec, false).bits);
    }
  });

  it("matches hand-computed f32 results at the walls", () => {
    setArenasEnabled(true);
    const w = new World(1, KWorld, host, 0);
    const a = w.addEntity(P, V), b = w.addEntity(P, V), c = w.addEntity(P, V), d = w.addEntity(P, V);
    const p = w.store(P), v = w.store(V);
    [p.x[a], v.x[a]] = [1, -120]; // crosses 0: reflected
    [p.x[b], v.x[b]] = [999, 120]; // crosses 1000: 2000 - 1001 = 999
    [p.x[c], v.x[c]] = [500, 60]; // inside
    [p.x[d], v.x[d]] = [0, 0]; // at rest on the wall
    moveAndBounce2D(w, P, V, 1 / 60, 1000, 600);
    expect(w.arena).not.toBeNull();
    expect([p.x[a], v.x[a]]).toEqual([1, 120]);
    expect([p.x[b], v.x[b]]).toEqual([999, -120]);
    expect([p.x[c], v.x[c]]).toEqual([501, 60]);
    expect([p.x[d], v.x[d]]).toEqual([0, 0]);
  });

  it("keeps the columns in the arena, with their values, when the world grows", () => {
    setArenasEnabled(true);
    const w = new World(1, KWorld, host, 0);
    const first = w.addEntity(P, V);
    w.store(P).x[first] = 7;
    const arena = w.arena;
    for (let i = 0; i < 5000; i++) w.addEntity(P, V); // past the initial capacity
    expect(w.arena).not.toBe(arena);
    expect(w.arena!.addresses4(w.store(P).x, w.store(P).y, w.store(V).x, w.store(V).y)).not.toBeNull();
    expect(w.store(P).x[first]).toBe(7);
  });
});

describe("Arena.addresses4", () => {
  it("gives the columns' byte addresses, and null for an array that is not one of this arena's", () => {
    const w = new World(1, KWorld, host, 0);
    const [px, py, vx, vy] = [w.store(P).x, w.store(P).y, w.store(V).x, w.store(V).y];
    const at = w.arena!.addresses4(px, py, vx, vy)!;
    expect([...at]).toEqual([px.byteOffset, py.byteOffset, vx.byteOffset, vy.byteOffset]);
    expect(w.arena!.addresses4(px, py, vx, new Float32Array(4))).toBeNull();
    const other = new World(2, KWorld, host, 0);
    expect(w.arena!.addresses4(px, py, vx, other.store(V).y)).toBeNull();
    // asked again after other columns: still right (the remembered set is replaced, not trusted)
    expect([...w.arena!.addresses4(vy, vx, py, px)!]).toEqual([vy.byteOffset, vx.byteOffset, py.byteOffset, px.byteOffset]);
  });
});

describe("kernel build", () => {
  it("the committed move-bounce.wasm.ts is what move-bounce.wat compiles to", async () => {
    const bytes = await compileWat(`${KERNEL_DIR}move-bounce.wat`);
    expect(Buffer.from(bytesBase64, "base64").equals(Buffer.from(bytes))).toBe(true);
    expect(readFileSync(`${KERNEL_DIR}move-bounce.wasm.ts`, "utf8")).toBe(kernelModule("move-bounce", bytes));
  });
});
