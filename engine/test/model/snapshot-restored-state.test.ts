// What a snapshot restores: models with their classes, ids and field order, references, cycles
// and shared objects, Maps and Sets keyed by models, well-known models, subscriptions, futures, RNG.
import { describe, expect, it } from "vitest";
import { decodeSnapshot, encodeSnapshot, hashRuntime, Model, Runtime } from "tandem";
import { applyAction, rootOf, script, SnapGraph, SnapItem, startGraph } from "./snapshot-fixtures.ts";

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

/** Names model code takes from its users: a field, a scope and a well-known name holding lone surrogates. */
class OddNames extends Model {
  heard = 0;
  override init() {
    // e.g. a name cut in the middle of an emoji: "🎉".slice(0, 1) is a lone surrogate
    (this as unknown as Record<string, number>)["score:\uD83C"] = 1;
    this.subscribe("room \uDF89", "knock", this.knock);
    this.beWellKnownAs("keeper \uD800");
  }
  knock() {
    this.heard++;
  }
}
OddNames.register("SnapOddNames");

describe("snapshot: names with lone surrogates", () => {
  it("keeps field names, subscription scopes and well-known names exactly (UTF-8 would turn them into U+FFFD)", () => {
    const original = new Runtime("odd-names");
    original.start(OddNames);
    const restored = decodeSnapshot(encodeSnapshot(original));
    const root = restored.root as OddNames;
    expect(Object.keys(root)).toEqual(Object.keys(original.root!));
    expect((root as unknown as Record<string, number>)["score:\uD83C"]).toBe(1);
    expect(restored.wellKnown.get("keeper \uD800")).toBe(root.id);
    // the subscription still answers to its scope
    for (const rt of [original, restored]) rt.applyExternal(1, 1, "room \uDF89", "knock", null);
    expect(root.heard).toBe(1);
    expect(hashRuntime(restored)).toBe(hashRuntime(original));
  });
});
