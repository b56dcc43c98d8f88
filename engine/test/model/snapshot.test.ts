// Unit tests of runtime snapshots (engine/src/model/snapshot.ts): a model graph with references,
// cycles, Maps keyed by models, well-known models, subscriptions, pending futures with args and
// RNG state survives encode/decode, and the restored runtime continues with the same hash at
// every step as the runtime that never restored. Also the errors for what cannot be saved.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestSession, decodeSnapshot, defineWorld, encodeSnapshot, hashRuntime, Model, Runtime, type World } from "tandem";

// ---- models -------------------------------------------------------------------------------

interface WigglePayload {
  tag: string;
  deep: string[];
}

class SnapItem extends Model {
  label = "";
  n = 0;
  next: SnapItem | null = null;
  owner: SnapGraph | null = null;
  history: number[] = [];

  override init(opts: { label: string; owner: SnapGraph }) {
    this.label = opts.label;
    this.owner = opts.owner;
    this.subscribe(this.sessionId, "poke", this.onPoke);
    this.future(37).wiggle(1, { tag: opts.label, deep: [opts.label, "x"] });
  }

  wiggle(k: number, payload: WigglePayload) {
    this.n += k * payload.deep.length;
    this.history.push(Math.floor(this.random() * 1000));
    if (this.history.length > 6) this.history.shift();
    this.future(30 + (k % 7)).wiggle(k + 1, payload);
  }

  onPoke(data: { amount: number }) {
    this.n += data.amount;
    this.publish(this.id, "poked", this.n);
  }
}
SnapItem.register("SnapItem");

class SnapGraph extends Model {
  zeta = "declared first";
  items: SnapItem[] = [];
  mirror = new Map<SnapItem, SnapItem>();
  marked = new Set<SnapItem>();
  shared = { count: 0 };
  alias = this.shared;
  log: string[] = [];
  self: SnapGraph | null = null;
  alpha = 1;

  override init() {
    this.beWellKnownAs("graph");
    this.self = this;
    for (let i = 0; i < 4; i++) this.items.push(SnapItem.create({ label: `i${i}`, owner: this }));
    this.items.forEach((it, i) => (it.next = this.items[(i + 1) % 4]!));
    this.items.forEach((it, i) => this.mirror.set(it, this.items[3 - i]!));
    this.marked.add(this.items[2]!).add(this.items[0]!);
    this.subscribe(this.sessionId, "poke", this.poke);
    this.subscribe(this.sessionId, "spawn", "spawn");
    this.subscribe(this.sessionId, "drop", this.drop);
    this.subscribe(this.items[1]!.id, "poked", this.onItemPoked);
    this.future(50).tick(0, new Map([["arg", [1, 2, 3]]]));
  }

  tick(k: number, arg: Map<string, number[]>) {
    this.log.push(`tick${k}@${this.now()}`);
    this.shared.count += arg.get("arg")!.length;
    if (this.log.length > 10) this.log.shift();
    this.future(50).tick(k + 1, arg);
  }

  poke() {
    this.log.push("poke");
  }

  spawn(label: string) {
    const it = SnapItem.create({ label, owner: this });
    it.next = this.items[0] ?? null;
    this.items.push(it);
    this.mirror.set(it, it);
  }

  drop() {
    const it = this.items.shift();
    if (!it) return;
    for (const [k, v] of [...this.mirror]) if (k === it || v === it) this.mirror.delete(k);
    for (const other of this.items) if (other.next === it) other.next = null;
    this.marked.delete(it);
    it.destroy();
  }

  onItemPoked(n: number) {
    this.log.push(`item1=${n}`);
  }
}
SnapGraph.register("SnapGraph");

// ---- driving runtimes -----------------------------------------------------------------------

type Action = { t: number; seq?: number; event?: string; data?: unknown };

function applyAction(rt: Runtime, a: Action): void {
  if (a.event === undefined) rt.advanceTo(a.t);
  else rt.applyExternal(a.t, a.seq!, rt.sessionId, a.event, a.data);
}

/** A script of events and plain time advances, seq-stamped like the reflector would. */
function script(): Action[] {
  const raw: Omit<Action, "seq">[] = [
    { t: 10 }, { t: 36 }, { t: 37 }, { t: 37, event: "poke", data: { amount: 3 } }, { t: 50 },
    { t: 51, event: "spawn", data: "s1" }, { t: 88 }, { t: 100, event: "drop" }, { t: 100 },
    { t: 140, event: "poke", data: { amount: -1 } }, { t: 150 }, { t: 151, event: "spawn", data: "s2" },
    { t: 200, event: "drop" }, { t: 233 }, { t: 260, event: "poke", data: { amount: 10 } },
    { t: 300 }, { t: 301, event: "drop" }, { t: 301, event: "spawn", data: "s3" }, { t: 420 },
    { t: 421, event: "poke", data: { amount: 2 } }, { t: 500 }, { t: 650 },
  ];
  let seq = 1;
  return raw.map((a) => (a.event === undefined ? a : { ...a, seq: seq++ }));
}

function startGraph(sessionId = "snapshot-session"): Runtime {
  const rt = new Runtime(sessionId);
  rt.start(SnapGraph);
  return rt;
}

function rootOf(rt: Runtime): SnapGraph {
  return rt.root as SnapGraph;
}

let errorSpy: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  errorSpy = vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterEach(() => {
  errorSpy.mockRestore();
});

// ---- tests ----------------------------------------------------------------------------------

describe("snapshot: restore and continue", () => {
  it("re-encoding a decoded snapshot gives the same bytes", () => {
    const rt = startGraph();
    for (const a of script().slice(0, 8)) applyAction(rt, a);
    const bytes = encodeSnapshot(rt);
    expect(encodeSnapshot(decodeSnapshot(bytes))).toEqual(bytes);
    expect(hashRuntime(decodeSnapshot(bytes))).toBe(hashRuntime(rt));
  });

  it("gives identical hashes step by step vs the runtime that never restored, from every cut point", () => {
    const actions = script();
    const original = startGraph();
    const snaps: Uint8Array[] = [encodeSnapshot(original)];
    const hashes: string[] = [hashRuntime(original)];
    for (const a of actions) {
      applyAction(original, a);
      snaps.push(encodeSnapshot(original));
      hashes.push(hashRuntime(original));
    }
    expect(new Set(hashes).size).toBeGreaterThan(hashes.length - 3); // nearly every step changes something
    for (let cut = 0; cut < snaps.length; cut++) {
      const restored = decodeSnapshot(snaps[cut]!);
      expect(hashRuntime(restored), `right after restoring at ${cut}`).toBe(hashes[cut]);
      for (let j = cut; j < actions.length; j++) {
        applyAction(restored, actions[j]!);
        expect(hashRuntime(restored), `cut ${cut}, after action ${j}`).toBe(hashes[j + 1]);
      }
    }
    expect(original.errors).toEqual([]);
  });

  it("continues the model's own observable state identically (log, random draws, counters)", () => {
    const actions = script();
    const original = startGraph();
    for (const a of actions.slice(0, 9)) applyAction(original, a);
    const restored = decodeSnapshot(encodeSnapshot(original));
    for (const a of actions.slice(9)) {
      applyAction(original, a);
      applyAction(restored, a);
    }
    const [o, r] = [rootOf(original), rootOf(restored)];
    expect(r.log).toEqual(o.log);
    expect(r.shared.count).toBe(o.shared.count);
    expect(r.items.map((i) => [i.id, i.label, i.n, i.history])).toEqual(o.items.map((i) => [i.id, i.label, i.n, i.history]));
    expect(restored.random()).toBe(original.random());
  });

  it("restores through several generations of snapshots", () => {
    const actions = script();
    const original = startGraph();
    let chain = decodeSnapshot(encodeSnapshot(original));
    for (const a of actions) {
      applyAction(original, a);
      applyAction(chain, a);
      chain = decodeSnapshot(encodeSnapshot(chain));
      expect(hashRuntime(chain)).toBe(hashRuntime(original));
    }
  });
});

describe("snapshot: what is restored", () => {
  const restoredPair = (): [Runtime, Runtime] => {
    const original = startGraph();
    for (const a of script().slice(0, 7)) applyAction(original, a);
    return [original, decodeSnapshot(encodeSnapshot(original))];
  };

  it("restores models as instances of their registered classes with the same ids", () => {
    const [original, restored] = restoredPair();
    expect([...restored.models.keys()]).toEqual([...original.models.keys()]);
    for (const [id, m] of restored.models) {
      expect(m.constructor).toBe(original.models.get(id)!.constructor);
      expect(m.id).toBe(id);
    }
    expect(rootOf(restored)).toBeInstanceOf(SnapGraph);
    expect(rootOf(restored)).toBeInstanceOf(Model);
    expect(rootOf(restored).items[0]).toBeInstanceOf(SnapItem);
    expect(restored.rootId).toBe(original.rootId);
    expect(restored.sessionId).toBe(original.sessionId);
  });

  it("keeps the key order of model fields", () => {
    const [original, restored] = restoredPair();
    for (const [id, m] of original.models) expect(Object.keys(restored.models.get(id)!)).toEqual(Object.keys(m));
    expect(Object.keys(rootOf(restored))).toEqual(["zeta", "items", "mirror", "marked", "shared", "alias", "log", "self", "alpha"]);
    expect(Object.keys(rootOf(restored).items[0]!)).toEqual(["label", "n", "next", "owner", "history"]);
  });

  it("keeps references between models, cycles and shared objects as identities", () => {
    const [, restored] = restoredPair();
    const g = rootOf(restored);
    expect(g.self).toBe(g);
    expect(g.alias).toBe(g.shared);
    for (const it of g.items) {
      expect(restored.models.get(it.id)).toBe(it);
      expect(it.owner).toBe(g);
      if (it.next) expect(restored.models.get(it.next.id)).toBe(it.next);
    }
    // the ring i1 → i2 → i3 → i0(dropped: null) survives; spawned s1 points at the first item
    const byLabel = new Map(g.items.map((i) => [i.label, i]));
    expect(byLabel.get("i1")!.next).toBe(byLabel.get("i2"));
    expect(byLabel.get("i2")!.next).toBe(byLabel.get("i3"));
  });

  it("keeps Maps and Sets keyed by models, with their order", () => {
    const [original, restored] = restoredPair();
    const [o, r] = [rootOf(original), rootOf(restored)];
    expect([...r.mirror].map(([k, v]) => [k.id, v.id])).toEqual([...o.mirror].map(([k, v]) => [k.id, v.id]));
    for (const [k, v] of r.mirror) {
      expect(restored.models.get(k.id)).toBe(k);
      expect(restored.models.get(v.id)).toBe(v);
      expect(r.mirror.get(restored.models.get(k.id) as SnapItem)).toBe(v);
    }
    expect([...r.marked].map((m) => m.id)).toEqual([...o.marked].map((m) => m.id));
    for (const m of r.marked) expect(restored.models.get(m.id)).toBe(m);
  });

  it("keeps well-known models", () => {
    const [, restored] = restoredPair();
    const g = rootOf(restored);
    expect(g.wellKnownModel("graph")).toBe(g);
    expect([...restored.wellKnown]).toEqual([["graph", g.id]]);
  });

  it("keeps subscriptions in order", () => {
    const [original, restored] = restoredPair();
    expect([...restored.subscriptions]).toEqual([...original.subscriptions]);
    // and they work: a poke reaches the graph and every item, in subscription order
    const r = rootOf(restored);
    const before = r.items.map((i) => i.n);
    restored.applyExternal(restored.time, 99, restored.sessionId, "poke", { amount: 5 });
    expect(r.items.map((i) => i.n)).toEqual(before.map((n) => n + 5));
    expect(r.log.at(-1)).toMatch(/^item1=|^poke$/);
  });

  it("keeps pending futures with their args, times and creation order", () => {
    const [original, restored] = restoredPair();
    const entries = restored.futures.entries();
    expect(entries).toEqual(original.futures.entries());
    expect(entries.length).toBeGreaterThan(3);
    const tick = entries.find((e) => e.method === "tick")!;
    expect(tick.args[1]).toBeInstanceOf(Map);
    expect(tick.args[1]).toEqual(new Map([["arg", [1, 2, 3]]]));
    const wiggle = entries.find((e) => e.method === "wiggle")!;
    expect(wiggle.args[1]).toEqual({ tag: expect.any(String), deep: [expect.any(String), "x"] });
    expect(restored.futureSeq).toBe(original.futureSeq);
  });

  it("shares a future's args object between its re-schedulings after restore, as before", () => {
    const [original, restored] = restoredPair();
    const argOf = (rt: Runtime) => rt.futures.entries().find((e) => e.method === "tick")!.args[1];
    restored.advanceTo(restored.time + 200);
    original.advanceTo(original.time + 200);
    expect(argOf(restored)).toEqual(argOf(original));
    expect(hashRuntime(restored)).toBe(hashRuntime(original));
  });

  it("keeps the RNG state, counters, time and last seq", () => {
    const [original, restored] = restoredPair();
    expect(restored.rng.getState()).toEqual(original.rng.getState());
    expect(restored.time).toBe(original.time);
    expect(restored.lastSeq).toBe(original.lastSeq);
    expect(restored.nextModelNum).toBe(original.nextModelNum);
    expect(restored.nextWorldId).toBe(original.nextWorldId);
    const draws = (rt: Runtime) => Array.from({ length: 20 }, () => rt.random());
    expect(draws(restored)).toEqual(draws(original));
  });

  it("does not restore per-client data (view outbox, errors)", () => {
    const [original, restored] = restoredPair();
    original.applyExternal(original.time, 500, original.sessionId, "poke", { amount: 1 });
    expect(original.viewOutbox.length).toBeGreaterThan(0);
    const again = decodeSnapshot(encodeSnapshot(original));
    expect(again.viewOutbox).toEqual([]);
    expect(again.errors).toEqual([]);
    expect(restored.viewOutbox).toEqual([]);
  });

  it("keeps a lastSeq of -1 (nothing applied yet) and a seq of 0xffffffff apart", () => {
    const fresh = startGraph();
    expect(decodeSnapshot(encodeSnapshot(fresh)).lastSeq).toBe(-1);
    fresh.applyExternal(0, 0xffffffff, fresh.sessionId, "poke", { amount: 0 });
    expect(decodeSnapshot(encodeSnapshot(fresh)).lastSeq).toBe(0xffffffff);
  });
});

/** A future's argument is the very object held in a field: mutations before it runs show. */
class SharedArgs extends Model {
  payload = { hits: 0 };
  seen = -1;
  override init() {
    this.future(10).use(this.payload);
    this.subscribe(this.sessionId, "bump", this.bump);
  }
  bump() {
    this.payload.hits++;
  }
  use(p: { hits: number }) {
    this.seen = p.hits;
  }
}
SharedArgs.register("SnapSharedArgs");

describe("snapshot: identity across fields and future args", () => {
  it("keeps an object shared by a model field and a pending future's args as one object", () => {
    const original = new Runtime("shared-args");
    original.start(SharedArgs);
    const restored = decodeSnapshot(encodeSnapshot(original));
    const entry = restored.futures.entries().find((e) => e.method === "use")!;
    expect(entry.args[0]).toBe((restored.root as SharedArgs).payload);
    for (const rt of [original, restored]) {
      rt.applyExternal(5, 1, rt.sessionId, "bump", null);
      rt.advanceTo(10);
    }
    expect((original.root as SharedArgs).seen).toBe(1);
    expect((restored.root as SharedArgs).seen).toBe(1);
    expect(hashRuntime(restored)).toBe(hashRuntime(original));
  });
});

describe("snapshot: late joiners through the test session", () => {
  it("a joiner loading a snapshot matches the others at every advance", () => {
    const s = createTestSession({ model: SnapGraph, sessionId: "late-join", tickMs: 10 });
    const a = s.join();
    const b = s.join();
    s.advance(30);
    a.publish(s.sessionId, "poke", { amount: 2 });
    b.publish(s.sessionId, "spawn", "fromB");
    s.advance(40);
    a.publish(s.sessionId, "drop");
    s.advance(20);
    expect(s.sequencer.state.snapshot).not.toBeNull();
    const c = s.join();
    expect(c.model).toBeInstanceOf(SnapGraph);
    expect(c.model.wellKnownModel("graph")).toBe(c.model);
    for (let i = 0; i < 12; i++) {
      if (i % 3 === 0) c.publish(s.sessionId, "poke", { amount: i });
      if (i === 5) b.publish(s.sessionId, "spawn", "late");
      if (i === 7) c.publish(s.sessionId, "drop");
      s.advance(10);
      const hs = s.hashes();
      expect(new Set(hs).size, `advance ${i}: ${hs.join(" ")}`).toBe(1);
    }
    expect(c.model.log).toEqual(a.model.log);
    expect(c.model.items.map((x) => x.label)).toEqual(a.model.items.map((x) => x.label));
  });
});

// ---- errors ---------------------------------------------------------------------------------

class ArrowFielded extends Model {
  count = 0;
  onTick = () => {
    this.count++;
  };
}
ArrowFielded.register("ArrowFielded");

class FunctionInInit extends Model {
  callback: unknown = null;
  override init() {
    this.callback = () => 1;
  }
}
FunctionInInit.register("FunctionInInit");

class NotRegistered extends Model {}

class RegisteredBase extends Model {}
RegisteredBase.register("RegisteredBase");
class UnregisteredSub extends RegisteredBase {}

class Maker extends Model {
  made: Model[] = [];
  override init() {
    this.subscribe(this.sessionId, "make", this.make);
    this.subscribe(this.sessionId, "bump", this.bump);
  }
  make(kind: string) {
    const Cls = { arrow: ArrowFielded, initFn: FunctionInInit, unregistered: NotRegistered, sub: UnregisteredSub }[kind]!;
    this.made.push((Cls as typeof ArrowFielded).create());
  }
  bump() {
    this.made.length += 0;
  }
}
Maker.register("Maker");

class Foo {
  name = "foo";
}

class Holder extends Model {
  data: unknown = { items: [1, 2, { owner: null }] };
  override init() {
    this.subscribe(this.sessionId, "spoil", this.spoil);
  }
  /** `value` comes from the test directly (applyExternal does not encode event data). */
  spoil(arg: { kind: string; value?: unknown }) {
    if (arg.kind === "class") this.data = { items: [1, 2, { owner: new Foo() }] };
    if (arg.kind === "symbol") this.data = { items: [Symbol("s")] };
    if (arg.kind === "given") this.data = new Map([["when", { at: arg.value }]]);
  }
}
Holder.register("Holder");

const EmptyWorld = defineWorld({ name: "snap-empty", components: [], systems: [] });

class WorldOwner extends Model {
  declare world: World;
  override init() {
    this.world = this.createWorld(EmptyWorld);
  }
}
WorldOwner.register("SnapWorldOwner");

/** Keeps references to a model and to its world, then destroys the model without clearing them. */
class Keeper extends Model {
  friend: Holder | null = null;
  owner: WorldOwner | null = null;
  theirWorld: World | null = null;
  override init() {
    this.friend = Holder.create();
    this.owner = WorldOwner.create();
    this.subscribe(this.sessionId, "drop-friend", this.dropFriend);
    this.subscribe(this.sessionId, "drop-owner", this.dropOwner);
  }
  dropFriend() {
    this.friend!.destroy();
  }
  dropOwner() {
    this.theirWorld = this.owner!.world;
    this.owner!.destroy();
    this.owner = null;
  }
}
Keeper.register("SnapKeeper");

describe("snapshot: errors", () => {
  it("refuses an arrow-function class field at create, naming class and field", () => {
    const rt = new Runtime("arrow");
    expect(() => rt.start(ArrowFielded)).toThrow(/ArrowFielded\.onTick is a function field/);
    expect(String(rt.errors[0]!.error)).toContain("make it a method");
  });

  it("refuses a function field assigned in init, naming class and field", () => {
    const rt = new Runtime("init-fn");
    expect(() => rt.start(FunctionInInit)).toThrow(/FunctionInInit\.callback is a function field/);
  });

  for (const kind of ["arrow", "initFn"] as const) {
    it(`a failed create (${kind}) is recorded and leaves no half-made model behind`, () => {
      const rt = new Runtime(`failed-${kind}`);
      rt.start(Maker);
      rt.applyExternal(1, 1, rt.sessionId, "make", kind);
      expect(rt.errors).toHaveLength(1);
      expect(rt.errors[0]!.where).toBe("Maker.make");
      expect(String(rt.errors[0]!.error)).toMatch(/is a function field/);
      expect((rt.root as Maker).made).toEqual([]);
      expect([...rt.models.keys()]).toEqual([rt.rootId]);
      // the session goes on: snapshots, hashes and later events still work
      const restored = decodeSnapshot(encodeSnapshot(rt));
      expect(hashRuntime(restored)).toBe(hashRuntime(rt));
      rt.applyExternal(2, 2, rt.sessionId, "bump", null);
      expect(rt.errors).toHaveLength(1);
    });
  }

  it("refuses to create an unregistered model class, saying how to register it", () => {
    const rt = new Runtime("unregistered");
    expect(() => rt.start(NotRegistered)).toThrow(/NotRegistered is not registered.*NotRegistered\.register\("NotRegistered"\)/);
    const rt2 = new Runtime("unregistered-2");
    rt2.start(Maker);
    rt2.applyExternal(1, 1, rt2.sessionId, "make", "unregistered");
    rt2.applyExternal(2, 2, rt2.sessionId, "make", "sub");
    expect(rt2.errors.map((e) => String(e.error))).toEqual([
      expect.stringMatching(/NotRegistered is not registered/),
      expect.stringMatching(/UnregisteredSub is not registered/),
    ]);
    expect(hashRuntime(decodeSnapshot(encodeSnapshot(rt2)))).toBe(hashRuntime(rt2));
  });

  it("refuses to decode a snapshot naming a class this client has not registered", () => {
    const rt = new Runtime("unknown-class");
    rt.start(Maker);
    const bytes = encodeSnapshot(rt);
    const name = new TextEncoder().encode("Maker");
    const at = bytes.findIndex((_, i) => name.every((b, j) => bytes[i + j] === b));
    expect(at).toBeGreaterThan(0);
    const patched = bytes.slice();
    patched.set(new TextEncoder().encode("Mxker"), at);
    expect(() => decodeSnapshot(patched)).toThrow(/model class "Mxker", which is not registered/);
  });

  it("names Class#id.field.path and the class for an unserializable field", () => {
    const rt = new Runtime("holder");
    rt.start(Holder);
    rt.applyExternal(1, 1, rt.sessionId, "spoil", { kind: "class" });
    expect(() => encodeSnapshot(rt)).toThrow(TypeError);
    expect(() => encodeSnapshot(rt)).toThrow(/Holder#M1\.data\.items\[2\]\.owner/);
    expect(() => encodeSnapshot(rt)).toThrow(/Foo/);
    expect(() => hashRuntime(rt)).toThrow(/Holder#M1\.data\.items\[2\]\.owner/);
  });

  it("names the path for symbols and Dates in model fields", () => {
    const rt = new Runtime("holder-2");
    rt.start(Holder);
    rt.applyExternal(1, 1, rt.sessionId, "spoil", { kind: "symbol" });
    expect(() => encodeSnapshot(rt)).toThrow(/symbol.*Holder#M1\.data\.items\[0\]/);
    rt.applyExternal(2, 2, rt.sessionId, "spoil", { kind: "given", value: new Date(0) });
    expect(rt.errors).toEqual([]);
    expect(() => encodeSnapshot(rt)).toThrow(/Date at Holder#M1\.data\.when\.at/);
  });

  it("names a kept reference to a destroyed model as such, not as an unregistered class", () => {
    const rt = new Runtime("keeper");
    rt.start(Keeper);
    expect(() => encodeSnapshot(rt)).not.toThrow();
    rt.applyExternal(1, 1, rt.sessionId, "drop-friend", null);
    expect(() => encodeSnapshot(rt)).toThrow(/destroyed model Holder#M2 .*at SnapKeeper#M1\.friend/);
    expect(() => encodeSnapshot(rt)).not.toThrow(/unregistered/);
  });

  it("names a kept reference to the world of a destroyed model", () => {
    const rt = new Runtime("keeper-world");
    rt.start(Keeper);
    rt.applyExternal(1, 1, rt.sessionId, "drop-owner", null);
    expect(() => encodeSnapshot(rt)).toThrow(/world "snap-empty" #1, which is not in this session.*at SnapKeeper#M1\.theirWorld/);
  });

  it("names a reference to a model of another session", () => {
    const a = new Runtime("session-a");
    a.start(Holder);
    const b = new Runtime("session-b");
    b.start(Keeper);
    (b.root as Keeper).friend = a.root as Holder;
    expect(() => encodeSnapshot(b)).toThrow(/model Holder#M1 of another session at SnapKeeper#M1\.friend/);
  });

  it("names the future for unserializable future args", () => {
    class Late extends Model {
      override init() {
        this.future(10).later(new Foo());
      }
      later(_x: unknown) {}
    }
    Late.register("SnapLate");
    const rt = new Runtime("late");
    rt.start(Late);
    expect(() => encodeSnapshot(rt)).toThrow(/future later args\[0\]/);
  });

  it("refuses Model.create outside model code", () => {
    expect(() => Maker.create()).toThrow(/only be called from model code/);
  });

  it("refuses bytes that are not a snapshot, of another version, truncated or with trailing bytes", () => {
    const rt = startGraph();
    const bytes = encodeSnapshot(rt);
    expect(() => decodeSnapshot(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/bad magic/);
    const other = bytes.slice();
    other[4] = bytes[4]! + 1; // the byte after the magic is the format version
    expect(() => decodeSnapshot(other)).toThrow(new RegExp(`version ${bytes[4]! + 1} is not supported`));
    for (const n of [0, 3, 5, 20, bytes.length >> 1, bytes.length - 1]) {
      expect(() => decodeSnapshot(bytes.subarray(0, n)), `prefix ${n}`).toThrow(Error);
    }
    const longer = new Uint8Array(bytes.length + 2);
    longer.set(bytes);
    expect(() => decodeSnapshot(longer)).toThrow(/trailing bytes/);
  });
});
