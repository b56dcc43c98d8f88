// Unit tests of ECS world snapshots (engine/src/model/world-codec.ts via snapshot.ts): the
// entity index with its free list, component membership (masks of 1, 2 and 4 bytes, tags),
// stores of live entities, ascending query order, the input queue and the fixed-step schedule
// all survive a restore, and restored and never-restored runtimes hand out the same eids and
// keep equal hashes while they continue.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestSession, decodeSnapshot, defineComponent, defineWorld, encodeSnapshot, hashRuntime, Model, Runtime, type Component, type World } from "tandem";

// ---- components, systems, worlds ------------------------------------------------------------

const Pos = defineComponent("Pos", { x: "f32", y: "f32" });
const Vel = defineComponent("Vel", { x: "f64", y: "f64" });
const Hp = defineComponent("Hp", { hp: "i32" });
const Frozen = defineComponent("Frozen", {}); // a tag
const Flags = defineComponent("Flags", { bits: "u8", kind: "u16", big: "u32", tiny: "i8", mid: "i16" });
const Clock = defineComponent("Clock", { t: "f64", step: "u32" });
const Extras = Array.from({ length: 5 }, (_, i) => defineComponent(`Extra${i}`, { v: "f32" }));
const COMPONENTS: readonly Component[] = [Pos, Vel, Hp, Frozen, Flags, Clock, ...Extras]; // 11: 2-byte masks

type Cmd =
  | { kind: "spawn"; n: number; x: number }
  | { kind: "kill"; eids: number[] }
  | { kind: "freeze"; eid: number }
  | { kind: "extra"; eid: number; i: number };

function applyCommands(world: World): void {
  for (const cmd of world.inputs as Cmd[]) {
    if (cmd.kind === "spawn") {
      for (let i = 0; i < cmd.n; i++) {
        const e = world.addEntity(Pos, Vel, Hp);
        world.store(Pos).x[e] = cmd.x + i;
        world.store(Vel).x[e] = world.random() * 10 - 5;
        world.store(Vel).y[e] = world.random();
        world.store(Hp).hp[e] = 5 + Math.floor(world.random() * 20);
        if (i % 3 === 0) world.addComponent(e, Flags, { bits: 255, kind: 65535, big: 4294967295, tiny: -128, mid: -32768 });
      }
    } else if (cmd.kind === "kill") {
      for (const e of cmd.eids) world.removeEntity(e);
    } else if (cmd.kind === "freeze") {
      if (world.exists(cmd.eid)) world.addComponent(cmd.eid, Frozen);
    } else if (world.exists(cmd.eid)) {
      world.addComponent(cmd.eid, Extras[cmd.i]!, { v: cmd.i + 0.25 });
    }
  }
}

function move(world: World, dt: number): void {
  const ids = world.query(Pos, Vel);
  const p = world.store(Pos), v = world.store(Vel);
  for (const e of ids) {
    if (world.hasComponent(e, Frozen)) continue;
    p.x[e] = p.x[e]! + v.x[e]! * dt;
    p.y[e] = p.y[e]! + v.y[e]! * dt;
  }
}

/** Hit points drop every step; entities die at zero (ids go to the free list mid-run). */
function decay(world: World): void {
  const ids = world.query(Hp).slice(); // copy: removing invalidates the cached query
  const hp = world.store(Hp).hp;
  for (const e of ids) if (--hp[e]! <= 0) world.removeEntity(e);
}

function tickClock(world: World): void {
  const ids = world.query(Clock);
  const c = world.store(Clock);
  for (const e of ids) {
    c.t[e] = world.now();
    c.step[e] = c.step[e]! + 1;
  }
}

const WideWorld = defineWorld({ name: "ws-wide", components: COMPONENTS, systems: [applyCommands, move, decay, tickClock], stepsPerSecond: 50 });

const Many = Array.from({ length: 32 }, (_, i) => defineComponent(`Many${i}`, i % 4 === 3 ? {} : { v: "i32" }));
const MaxWorld = defineWorld({ name: "ws-max", components: Many, systems: [], stepsPerSecond: 10 });
const SmallWorld = defineWorld({ name: "ws-small", components: [Pos, Frozen], systems: [move], stepsPerSecond: 20 });

// ---- models ---------------------------------------------------------------------------------

class EcsHost extends Model {
  declare world: World;
  note = "";
  override init() {
    this.world = this.createWorld(WideWorld);
    const clock = this.world.addEntity(Clock);
    this.note = `clock=${clock}`;
    this.subscribe(this.sessionId, "cmd", this.cmd);
    this.subscribe(this.sessionId, "late-world", this.lateWorld);
  }
  cmd(c: Cmd) {
    this.world.inputs.push(c);
  }
  lateWorld() {
    LateWorldOwner.create({ world: this.world });
  }
}
EcsHost.register("EcsHost");

/** Creates its own world at the time it is created (not 0), and refers to another model's world. */
class LateWorldOwner extends Model {
  declare mine: World;
  other: World | null = null;
  override init(opts: { world: World }) {
    this.other = opts.world;
    this.mine = this.createWorld(SmallWorld);
    const e = this.mine.addEntity(Pos);
    this.mine.store(Pos).x[e] = 1;
  }
}
LateWorldOwner.register("LateWorldOwner");

class MaxHost extends Model {
  declare world: World;
  override init() {
    this.world = this.createWorld(MaxWorld);
  }
}
MaxHost.register("MaxHost");

// ---- helpers --------------------------------------------------------------------------------

function startHost(sessionId = "world-session"): { rt: Runtime; world: World } {
  const rt = new Runtime(sessionId);
  rt.start(EcsHost);
  return { rt, world: (rt.root as EcsHost).world };
}

function restore(rt: Runtime): Runtime {
  return decodeSnapshot(encodeSnapshot(rt));
}

function worldOf(rt: Runtime): World {
  return (rt.root as EcsHost).world;
}

function indexOf(world: World) {
  const idx = world.entityIndex;
  return { dense: Array.from(idx.dense), aliveCount: idx.aliveCount, maxId: idx.maxId };
}

/** Every field of every component of every live entity, plus membership, in eid order. */
function dump(world: World): unknown[] {
  const out: unknown[] = [];
  for (const e of world.entities()) {
    const row: unknown[] = [e];
    for (const c of world.schema.components) {
      if (!world.hasComponent(e, c)) continue;
      const s = world.store(c) as unknown as Record<string, ArrayLike<number>>;
      row.push(c.name, ...c.fields.map((f) => s[f]![e]));
    }
    out.push(row);
  }
  return out;
}

function isAscending(a: ArrayLike<number>): boolean {
  for (let i = 1; i < a.length; i++) if (!(a[i - 1]! < a[i]!)) return false;
  return true;
}

let errorSpy: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  errorSpy = vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  errorSpy.mockRestore();
});

// ---- tests ----------------------------------------------------------------------------------

describe("world snapshot: entity index and free list", () => {
  it("keeps the free list: restored and original hand out the same eids in the same dense order", () => {
    const { rt, world } = startHost();
    const created: number[] = [];
    for (let i = 0; i < 10; i++) created.push(world.addEntity(Pos, ...(i % 2 ? [Vel] : [])));
    expect(created).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]); // eid 1 is the clock
    for (const e of [8, 3, 6]) world.removeEntity(e);
    const restored = restore(rt);
    const rworld = worldOf(restored);
    expect(indexOf(rworld)).toEqual(indexOf(world));
    expect(hashRuntime(restored)).toBe(hashRuntime(rt));

    const fromOriginal = [world.addEntity(Hp), world.addEntity(Pos), world.addEntity(), world.addEntity(Frozen), world.addEntity(Pos)];
    const fromRestored = [rworld.addEntity(Hp), rworld.addEntity(Pos), rworld.addEntity(), rworld.addEntity(Frozen), rworld.addEntity(Pos)];
    expect(fromRestored).toEqual(fromOriginal);
    expect(new Set(fromOriginal.slice(0, 3))).toEqual(new Set([8, 3, 6])); // recycled before new ids
    expect(fromOriginal.slice(3)).toEqual([12, 13]);
    expect(indexOf(rworld)).toEqual(indexOf(world));
    expect(Array.from(rworld.entities())).toEqual(Array.from(world.entities()));
    expect(hashRuntime(restored)).toBe(hashRuntime(rt));
  });

  it("keeps the index through remove-all, re-add and removal of the last dense entry", () => {
    const { rt, world } = startHost();
    const ids = Array.from({ length: 6 }, () => world.addEntity(Pos));
    world.removeEntity(ids[5]!); // last in dense order
    for (const e of ids.slice(0, 5).reverse()) world.removeEntity(e);
    world.removeEntity(1); // the clock: now nothing is alive
    expect(world.entityCount).toBe(0);
    const restored = restore(rt);
    expect(indexOf(worldOf(restored))).toEqual(indexOf(world));
    expect(worldOf(restored).entityCount).toBe(0);
    const a = Array.from({ length: 8 }, () => world.addEntity(Vel));
    const b = Array.from({ length: 8 }, () => worldOf(restored).addEntity(Vel));
    expect(b).toEqual(a);
    expect(hashRuntime(restored)).toBe(hashRuntime(rt));
  });

  it("keeps entities without any component alive", () => {
    const { rt, world } = startHost();
    const bare = world.addEntity();
    const restored = restore(rt);
    expect(worldOf(restored).exists(bare)).toBe(true);
    expect(COMPONENTS.some((c) => worldOf(restored).hasComponent(bare, c))).toBe(false);
    expect(Array.from(worldOf(restored).entities())).toEqual(Array.from(world.entities()));
  });

  it("keeps dead ids dead and live ids alive", () => {
    const { rt, world } = startHost();
    for (let i = 0; i < 10; i++) world.addEntity(Pos);
    for (const e of [4, 9, 2]) world.removeEntity(e);
    const rworld = worldOf(restore(rt));
    for (let e = 0; e <= 14; e++) expect(rworld.exists(e), `eid ${e}`).toBe(world.exists(e));
    expect(rworld.entityCount).toBe(world.entityCount);
  });
});

describe("world snapshot: membership and stores", () => {
  function populated() {
    const { rt, world } = startHost();
    for (let i = 0; i < 12; i++) {
      const e = world.addEntity(Pos);
      world.store(Pos).x[e] = i * 1.5;
      world.store(Pos).y[e] = -i;
      if (i % 2) world.addComponent(e, Vel, { x: i / 3, y: -i / 7 });
      if (i % 3 === 0) world.addComponent(e, Frozen);
      if (i % 4 === 1) world.addComponent(e, Flags, { bits: i, kind: 60000 + i, big: 4e9 + i, tiny: -i, mid: -30000 - i });
      if (i % 5 === 2) world.addComponent(e, Extras[4]!, { v: i + 0.5 }); // component index 10: second mask byte
      if (i === 7) world.addComponent(e, Hp, { hp: -2147483648 });
    }
    for (const e of [5, 11, 8]) world.removeEntity(e);
    world.removeComponent(4, Pos); // an entity that lost its first component
    world.removeComponent(10, Frozen);
    return { rt, world };
  }

  it("restores each live entity's components, tags included, and every store value", () => {
    const { rt, world } = populated();
    const rworld = worldOf(restore(rt));
    expect(dump(rworld)).toEqual(dump(world));
    for (const e of world.entities()) {
      for (const c of COMPONENTS) expect(rworld.hasComponent(e, c), `${e} ${c.name}`).toBe(world.hasComponent(e, c));
    }
    expect(rworld.hasComponent(4, Pos)).toBe(false);
    expect(rworld.hasComponent(2, Frozen)).toBe(true); // i = 0 → eid 2: a tag
    expect(rworld.hasComponent(10, Frozen)).toBe(false);
    expect(rworld.store(Flags).big[3]).toBe(4e9 + 1);
    expect(rworld.store(Flags).tiny[3]).toBe(-1);
    expect(rworld.store(Hp).hp[9]).toBe(-2147483648);
  });

  it("keeps component index 10 (second byte of a 2-byte mask)", () => {
    const { rt, world } = populated();
    const withExtra = Array.from(world.query(Extras[4]!));
    expect(withExtra.length).toBeGreaterThan(0);
    const rworld = worldOf(restore(rt));
    expect(Array.from(rworld.query(Extras[4]!))).toEqual(withExtra);
    for (const e of withExtra) expect(rworld.store(Extras[4]!).v[e]).toBe(world.store(Extras[4]!).v[e]);
  });

  it("saves stores only for live entities, so leftovers of dead ones neither count nor come back", () => {
    const { rt, world } = populated();
    const before = hashRuntime(rt);
    world.store(Pos).x[5] = 123; // eid 5 is dead
    world.store(Extras[4]!).v[11] = 7;
    expect(hashRuntime(rt)).toBe(before);
    const rworld = worldOf(restore(rt));
    expect(rworld.store(Pos).x[5]).toBe(0);
    expect(rworld.store(Extras[4]!).v[11]).toBe(0);
  });

  it("a recycled id starts with zeroed stores on both sides", () => {
    const { rt, world } = populated();
    const rworld = worldOf(restore(rt));
    const a = world.addEntity(Pos, Vel, Flags);
    const b = rworld.addEntity(Pos, Vel, Flags);
    expect(b).toBe(a);
    expect([8, 11, 5]).toContain(a);
    expect(dump(rworld)).toEqual(dump(world));
    expect(world.store(Pos).x[a]).toBe(0);
  });

  it("returns queries in ascending eid order after restore, equal to the original", () => {
    const { rt, world } = populated();
    // shuffle bitECS's internal order by removing and re-adding components
    for (const e of [2, 6, 12, 3]) {
      world.removeComponent(e, Pos);
      world.addComponent(e, Pos, { x: e });
    }
    const rworld = worldOf(restore(rt));
    for (const q of [[Pos], [Pos, Vel], [Frozen], [Vel, Frozen], [Flags], [Extras[4]!], [Hp, Pos]] as Component[][]) {
      const a = Array.from(world.query(...q));
      const b = Array.from(rworld.query(...q));
      expect(b, q.map((c) => c.name).join(",")).toEqual(a);
      expect(isAscending(b)).toBe(true);
    }
    expect(isAscending(rworld.entities())).toBe(true);
  });

  it("handles 32 components (4-byte masks, bit 31) with tags among them", () => {
    const rt = new Runtime("max-world");
    rt.start(MaxHost);
    const w = (rt.root as MaxHost).world;
    const e1 = w.addEntity(Many[31]!, Many[0]!);
    const e2 = w.addEntity(Many[30]!, Many[15]!, Many[16]!);
    const e3 = w.addEntity(...Many);
    w.store(Many[30]!).v![e2] = -5;
    w.store(Many[0]!).v![e3] = 77;
    w.removeEntity(w.addEntity(Many[3]!));
    const rw = (restore(rt).root as MaxHost).world;
    for (const e of [e1, e2, e3]) {
      for (const c of Many) expect(rw.hasComponent(e, c), `${e} ${c.name}`).toBe(w.hasComponent(e, c));
    }
    expect(Array.from(rw.query(Many[31]!))).toEqual([e1, e3]);
    expect(rw.store(Many[30]!).v![e2]).toBe(-5);
    expect(rw.store(Many[0]!).v![e3]).toBe(77);
    expect(indexOf(rw)).toEqual(indexOf(w));
  });

  it("restores worlds larger than the initial store capacity", () => {
    const { rt, world } = startHost();
    for (let i = 0; i < 1500; i++) {
      const e = world.addEntity(Pos);
      world.store(Pos).x[e] = i;
    }
    for (let e = 3; e < 1400; e += 7) world.removeEntity(e);
    const restored = restore(rt);
    const rworld = worldOf(restored);
    expect(dump(rworld)).toEqual(dump(world));
    expect(world.addEntity(Pos)).toBe(rworld.addEntity(Pos));
    const e = world.addEntity(Pos, Vel);
    expect(rworld.addEntity(Pos, Vel)).toBe(e);
    const fromOriginal = Array.from({ length: 900 }, () => world.addEntity(Hp));
    expect(Array.from({ length: 900 }, () => rworld.addEntity(Hp))).toEqual(fromOriginal);
    expect(world.entityIndex.maxId).toBeGreaterThan(2048);
    expect(hashRuntime(restored)).toBe(hashRuntime(rt));
  });
});

describe("world snapshot: inputs, schedule and continuing", () => {
  it("keeps the input queue (with model references) until the next step", () => {
    const { rt } = startHost();
    rt.applyExternal(1, 1, rt.sessionId, "cmd", { kind: "spawn", n: 4, x: 10 });
    rt.applyExternal(2, 2, rt.sessionId, "cmd", { kind: "freeze", eid: 3 });
    expect(worldOf(rt).inputs).toHaveLength(2);
    const restored = restore(rt);
    expect(worldOf(restored).inputs).toEqual(worldOf(rt).inputs);
    worldOf(rt).inputs.push({ kind: "extra", eid: 2, i: 1, who: rt.root });
    const again = restore(rt);
    expect((worldOf(again).inputs[2] as { who: unknown }).who).toBe(again.root);
    for (const r of [rt, restored]) r.advanceTo(20); // first step at 20 ms (50 steps per second)
    expect(worldOf(restored).inputs).toEqual([]);
    expect(worldOf(restored).entityCount).toBe(5);
    expect(worldOf(restored).hasComponent(3, Frozen)).toBe(true);
  });

  it("continues step count, step times and world time identically after restore", () => {
    const { rt } = startHost();
    rt.applyExternal(35, 1, rt.sessionId, "late-world", null); // a second world starting at t = 35
    rt.advanceTo(61);
    const restored = restore(rt);
    const late = (r: Runtime) => [...r.models.values()].find((m) => m instanceof LateWorldOwner) as LateWorldOwner;
    expect(late(restored).mine.startTime).toBe(35);
    expect(late(restored).mine.stepCount).toBe(late(rt).mine.stepCount);
    expect(late(restored).other).toBe(worldOf(restored)); // a reference to another model's world
    expect(worldOf(restored).stepCount).toBe(3);
    expect(restored.futures.entries()).toEqual(rt.futures.entries());
    for (const t of [70, 80, 85, 100, 135, 200, 333]) {
      rt.advanceTo(t);
      restored.advanceTo(t);
      expect(worldOf(restored).stepCount).toBe(worldOf(rt).stepCount);
      expect(late(restored).mine.stepCount).toBe(late(rt).mine.stepCount);
      expect(hashRuntime(restored)).toBe(hashRuntime(rt));
    }
    expect(worldOf(rt).stepCount).toBe(16); // floor(333 / 20)
    expect(late(rt).mine.stepCount).toBe(5); // 35 + 50k ≤ 333
    expect(worldOf(restored).store(Clock).t[1]).toBe(320); // the system saw the step's model time
    expect(worldOf(restored).store(Clock).step[1]).toBe(16);
  });

  it("a restored runtime and the original keep equal hashes and eids while entities are born and die", () => {
    const { rt } = startHost();
    const actions: [number, Cmd][] = [
      [5, { kind: "spawn", n: 10, x: 0 }], [30, { kind: "kill", eids: [4, 9, 6] }], [31, { kind: "freeze", eid: 5 }],
      [55, { kind: "spawn", n: 3, x: 100 }], [90, { kind: "extra", eid: 7, i: 4 }], [120, { kind: "spawn", n: 6, x: -50 }],
      [200, { kind: "kill", eids: [2, 3] }], [260, { kind: "spawn", n: 2, x: 1 }], [400, { kind: "spawn", n: 5, x: 2 }],
    ];
    let seq = 1;
    const restoredAt: Runtime[] = [];
    for (const [t, cmd] of actions) {
      rt.applyExternal(t, seq++, rt.sessionId, "cmd", cmd);
      restoredAt.push(restore(rt));
      for (const r of restoredAt.slice(0, -1)) r.applyExternal(t, seq - 1, r.sessionId, "cmd", cmd);
      for (const r of restoredAt) {
        expect(hashRuntime(r)).toBe(hashRuntime(rt));
        expect(indexOf(worldOf(r))).toEqual(indexOf(worldOf(rt)));
      }
    }
    for (const t of [450, 500, 700, 1000]) {
      rt.advanceTo(t);
      for (const r of restoredAt) {
        r.advanceTo(t);
        expect(hashRuntime(r)).toBe(hashRuntime(rt));
        expect(dump(worldOf(r))).toEqual(dump(worldOf(rt)));
      }
    }
    // entities died of decay along the way, so ids were recycled through the free list
    expect(worldOf(rt).entityIndex.dense.length).toBeGreaterThan(worldOf(rt).entityCount);
    expect(rt.errors).toEqual([]);
  });

  it("a destroyed owner's world is gone from the snapshot and its steps stop", () => {
    const { rt } = startHost();
    rt.applyExternal(10, 1, rt.sessionId, "late-world", null);
    const owner = [...rt.models.values()].find((m) => m instanceof LateWorldOwner)!;
    expect(rt.worlds.size).toBe(2);
    rt.execute("test", () => owner.destroy());
    expect(rt.worlds.size).toBe(1);
    expect(rt.futures.entries().filter((f) => f.method === "")).toHaveLength(1);
    const restored = restore(rt);
    expect(restored.worlds.size).toBe(1);
    restored.advanceTo(500);
    rt.advanceTo(500);
    expect(hashRuntime(restored)).toBe(hashRuntime(rt));
  });

  it("late joiners on an ECS session agree with everyone at every advance", () => {
    const s = createTestSession({ model: EcsHost, sessionId: "ecs-late", tickMs: 20 });
    const a = s.join();
    s.advance(40);
    a.publish(s.sessionId, "cmd", { kind: "spawn", n: 20, x: 5 } satisfies Cmd);
    s.advance(60);
    a.publish(s.sessionId, "cmd", { kind: "kill", eids: [3, 17, 9, 12] } satisfies Cmd);
    const b = s.join();
    s.advance(40);
    a.publish(s.sessionId, "cmd", { kind: "spawn", n: 2, x: 0 } satisfies Cmd);
    s.advance(20);
    expect(s.sequencer.state.snapshot).not.toBeNull();
    const c = s.join();
    expect(indexOf(c.model.world)).toEqual(indexOf(a.model.world));
    for (let i = 0; i < 15; i++) {
      if (i === 2) c.publish(s.sessionId, "cmd", { kind: "spawn", n: 4, x: 9 } satisfies Cmd);
      if (i === 6) b.publish(s.sessionId, "cmd", { kind: "kill", eids: [2, 5] } satisfies Cmd);
      if (i === 9) a.publish(s.sessionId, "cmd", { kind: "freeze", eid: 7 } satisfies Cmd);
      s.advance(20);
      expect(new Set(s.hashes()).size, `advance ${i}`).toBe(1);
    }
    expect(dump(c.model.world)).toEqual(dump(a.model.world));
    expect(dump(b.model.world)).toEqual(dump(a.model.world));
  });
});
