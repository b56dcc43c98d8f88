// Unit and property tests of the entity index (engine/src/model/entity-index.ts): after any
// sequence of adds and removes it hands out the same ids, keeps the same dense order (free list
// included), aliveCount and maxId as bitECS 0.4's own entity index — so worlds recycle ids as
// they did when they ran on a bitECS world — and `restore` rebuilds an index exactly or refuses
// a corrupt one.
import { addEntity, createWorld, entityExists, removeEntity } from "bitecs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EntityIndex } from "../../src/model/entity-index.ts";

interface BitecsIndex {
  aliveCount: number;
  maxId: number;
  dense: number[];
}

function bitecsIndex(world: ReturnType<typeof createWorld>): BitecsIndex {
  return (world as unknown as { [k: symbol]: { entityIndex: BitecsIndex } })[Symbol.for("bitecs_internal")]!.entityIndex;
}

type Op = { kind: "add"; n: number } | { kind: "remove"; pick: number } | { kind: "removeMissing"; id: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("add" as const), n: fc.integer({ min: 1, max: 40 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("removeMissing" as const), id: fc.integer({ min: -2, max: 3000 }) }), weight: 1 },
);

describe("EntityIndex", () => {
  it("hands out and recycles ids exactly like bitECS 0.4's entity index", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        const ours = new EntityIndex(4); // tiny, so it grows
        const ecs = createWorld();
        for (const op of ops) {
          if (op.kind === "add") {
            for (let i = 0; i < op.n; i++) expect(ours.add()).toBe(addEntity(ecs));
          } else {
            const live = bitecsIndex(ecs).dense.slice(0, bitecsIndex(ecs).aliveCount);
            const id = op.kind === "remove" ? live[op.pick % Math.max(1, live.length)] : op.id;
            if (id === undefined) continue;
            if (op.kind === "removeMissing" && entityExists(ecs, id)) continue; // bitECS masks high bits; stay in range
            ours.remove(id);
            removeEntity(ecs, id);
          }
          const ref = bitecsIndex(ecs);
          expect(ours.aliveCount).toBe(ref.aliveCount);
          expect(ours.maxId).toBe(ref.maxId);
          expect(Array.from(ours.dense)).toEqual(ref.dense);
        }
        for (let id = -1; id <= ours.maxId + 2; id++) expect(ours.isAlive(id), `id ${id}`).toBe(id > 0 && entityExists(ecs, id));
      }),
      { numRuns: 300 },
    );
  });

  it("restores an index that continues exactly like the original", () => {
    const a = new EntityIndex();
    for (let i = 0; i < 50; i++) a.add();
    for (const id of [7, 3, 50, 21]) a.remove(id);
    const b = EntityIndex.restore(a.dense.slice(), a.aliveCount, a.maxId);
    expect(Array.from(b.dense)).toEqual(Array.from(a.dense));
    for (let i = 0; i < 10; i++) expect(b.add()).toBe(a.add());
    expect(b.isAlive(3)).toBe(true);
    expect(b.maxId).toBe(a.maxId);
  });

  it("refuses a corrupt index", () => {
    expect(() => EntityIndex.restore(Uint32Array.from([1, 2, 2]), 2, 3)).toThrow(/repeated/);
    expect(() => EntityIndex.restore(Uint32Array.from([1, 0]), 2, 2)).toThrow(/out of range/);
    expect(() => EntityIndex.restore(Uint32Array.from([1, 5]), 2, 2)).toThrow(/out of range/);
    expect(() => EntityIndex.restore(Uint32Array.from([1, 2]), 3, 2)).toThrow(/3 alive of 2/);
    expect(() => EntityIndex.restore(Uint32Array.from([1, 2, 3]), 1, 2)).toThrow(/maxId 2/);
  });

  it("keeps ids alive across growth and treats unknown ids as dead", () => {
    const idx = new EntityIndex(2);
    const ids = Array.from({ length: 5000 }, () => idx.add());
    expect(ids[4999]).toBe(5000);
    expect(ids.every((id) => idx.isAlive(id))).toBe(true);
    for (const id of [0, -1, 5001, 1.5, 2 ** 40, Number.NaN]) expect(idx.isAlive(id)).toBe(false);
    idx.remove(5001); // no-op
    expect(idx.aliveCount).toBe(5000);
  });
});
