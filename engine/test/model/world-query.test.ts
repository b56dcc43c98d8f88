// Unit and property tests of World queries (engine/src/model/world.ts + query-cache.ts): after
// any sequence of entity and component additions and removals, every query equals a brute-force
// filter of the live entities in ascending eid order; returned arrays are never changed
// afterwards; unchanged queries return the same array; and stores start at zero for recycled ids.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineComponent, defineWorld, World, type Component } from "tandem";

const A = defineComponent("QA", { v: "f32" });
const B = defineComponent("QB", { v: "i32" });
const C = defineComponent("QC", { v: "f64" });
const T = defineComponent("QT", {}); // a tag
const COMPS: readonly Component[] = [A, B, C, T];
const QueryWorld = defineWorld({ name: "query-test", components: COMPS, systems: [] });

const host = { random: () => 0.5, now: () => 0, publish: () => undefined, sessionId: "query-test" };
const newWorld = (): World => new World(1, QueryWorld, host, 0);

/** Components of a 4-bit subset. */
const subset = (bits: number): Component[] => COMPS.filter((_, i) => bits & (1 << i));

function bruteForce(world: World, comps: readonly Component[]): number[] {
  return Array.from(world.entities()).filter((e) => comps.every((c) => world.hasComponent(e, c)));
}

type Op =
  | { kind: "spawn"; bits: number; n: number }
  | { kind: "kill"; pick: number }
  | { kind: "killOldest"; n: number }
  | { kind: "add"; pick: number; bit: number }
  | { kind: "remove"; pick: number; bit: number }
  | { kind: "query"; bits: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("spawn" as const), bits: fc.nat(15), n: fc.integer({ min: 1, max: 90 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("kill" as const), pick: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("killOldest" as const), n: fc.integer({ min: 1, max: 30 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("add" as const), pick: fc.nat(), bit: fc.nat(3) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat(), bit: fc.nat(3) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("query" as const), bits: fc.nat(15) }), weight: 4 },
);

describe("World.query", () => {
  it("equals a brute-force filter after any add/remove history, and never changes a returned array", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const world = newWorld();
        const handedOut: [Uint32Array, number[]][] = [];
        const check = (bits: number): void => {
          const comps = subset(bits);
          const ids = world.query(...comps);
          expect(Array.from(ids)).toEqual(bruteForce(world, comps));
          handedOut.push([ids, Array.from(ids)]);
        };
        for (const op of ops) {
          const live = Array.from(world.entities());
          const pick = (n: number): number | undefined => (live.length ? live[n % live.length] : undefined);
          if (op.kind === "spawn") for (let i = 0; i < op.n; i++) world.addEntity(...subset(op.bits));
          else if (op.kind === "kill") {
            const e = pick(op.pick);
            if (e !== undefined) world.removeEntity(e);
          } else if (op.kind === "killOldest") {
            const ids = world.query(); // iterate a query result while removing from it
            for (let i = 0; i < Math.min(op.n, ids.length); i++) world.removeEntity(ids[i]!);
          } else if (op.kind === "add" || op.kind === "remove") {
            const e = pick(op.pick);
            if (e === undefined) continue;
            if (op.kind === "add") world.addComponent(e, COMPS[op.bit]!);
            else world.removeComponent(e, COMPS[op.bit]!);
          } else check(op.bits);
        }
        for (let bits = 0; bits < 16; bits++) check(bits);
        for (const [ids, copy] of handedOut) expect(Array.from(ids)).toEqual(copy);
      }),
      { numRuns: 300 },
    );
  });

  it("returns the same array while nothing changes, a new one after a change", () => {
    const world = newWorld();
    for (let i = 0; i < 10; i++) world.addEntity(A, B);
    const first = world.query(A, B);
    expect(world.query(B, A)).toBe(first); // same mask, any order
    world.addEntity(C); // not a member of (A, B)
    expect(world.query(A, B)).toBe(first);
    const e = world.addEntity(A, B);
    const second = world.query(A, B);
    expect(second).not.toBe(first);
    expect(Array.from(second)).toEqual([...Array.from(first), e]);
    expect(Array.from(first)).toHaveLength(10);
  });

  it("keeps ascending order when recycled ids come back below the others", () => {
    const world = newWorld();
    const ids = Array.from({ length: 20 }, () => world.addEntity(A));
    expect(Array.from(world.query(A))).toEqual(ids);
    for (const e of [3, 1, 7]) world.removeEntity(e);
    expect(Array.from(world.query(A))).toEqual(ids.filter((e) => ![3, 1, 7].includes(e)));
    const back = [world.addEntity(A), world.addEntity(A), world.addEntity(A)].sort((a, b) => a - b);
    expect(back).toEqual([1, 3, 7]);
    expect(Array.from(world.query(A))).toEqual(ids);
  });

  it("handles an entity that leaves and comes back between two queries", () => {
    const world = newWorld();
    for (let i = 0; i < 5; i++) world.addEntity(A, T);
    world.query(A, T);
    world.removeComponent(2, T);
    world.addComponent(2, T);
    world.removeEntity(4);
    expect(world.addEntity(A, T)).toBe(4); // recycled
    expect(Array.from(world.query(A, T))).toEqual([1, 2, 3, 4, 5]);
  });

  it("query() without components lists every live entity, those without components too", () => {
    const world = newWorld();
    const bare = world.addEntity();
    const withA = world.addEntity(A);
    expect(Array.from(world.query())).toEqual([bare, withA]);
    world.removeEntity(bare);
    expect(Array.from(world.query())).toEqual([withA]);
  });

  it("zeroes the stores of a recycled id and of a re-added component", () => {
    const world = newWorld();
    const e = world.addEntity(A, B);
    world.store(A).v[e] = 1.5;
    world.store(B).v[e] = 7;
    world.removeEntity(e);
    expect(world.addEntity(A, B)).toBe(e);
    expect(world.store(A).v[e]).toBe(0);
    expect(world.store(B).v[e]).toBe(0);
    world.addComponent(e, C, { v: 2 });
    world.removeComponent(e, C);
    world.addComponent(e, C);
    expect(world.store(C).v[e]).toBe(0);
  });

  it("names the component and world for components of another world; hasComponent says false", () => {
    const world = newWorld();
    const Other = defineComponent("QOther", { v: "f32" });
    const e = world.addEntity(A);
    expect(() => world.query(Other)).toThrow(/QOther is not part of world "query-test"/);
    expect(() => world.store(Other)).toThrow(/QOther is not part of world "query-test"/);
    expect(() => world.addEntity(A, Other)).toThrow(/QOther/);
    expect(world.entityCount).toBe(1); // nothing half-made
    expect(world.hasComponent(e, Other)).toBe(false);
  });

  it("grows past the initial capacity with queries in use", () => {
    const world = newWorld();
    world.query(A);
    for (let i = 0; i < 5000; i++) world.addEntity(A);
    const ids = world.query(A);
    expect(ids.length).toBe(5000);
    expect(ids[4999]).toBe(5000);
    world.store(A).v[5000] = 3;
    expect(world.store(A).v[5000]).toBe(3);
  });
});
