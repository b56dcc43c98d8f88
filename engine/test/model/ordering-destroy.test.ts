// destroy(): a destroyed model leaves no subscriptions, futures, worlds or well-known names behind,
// and is not called by a dispatch already under way.
import { describe, expect, it } from "vitest";
import { defineComponent, defineWorld, encodeSnapshot, hashRuntime, Model, Runtime, type World } from "tandem";

const Dot = defineComponent("OrderingDot", { x: "f32" });
function countSteps(world: World): void {
  for (const e of world.query(Dot)) world.store(Dot).x[e] = world.store(Dot).x[e]! + 1;
}
const DotWorld = defineWorld({ name: "ordering-dots", components: [Dot], systems: [countSteps], stepsPerSecond: 10 });

class Child extends Model {
  declare world: World;
  hits = 0;
  override init(opts: { name: string }) {
    this.beWellKnownAs(opts.name);
    this.subscribe(this.sessionId, "hit", this.hit);
    this.subscribe("elsewhere", "hit", "hit");
    this.future(50).hit();
    this.world = this.createWorld(DotWorld);
    this.world.addEntity(Dot);
  }
  hit() {
    this.hits++;
  }
}
Child.register("OrderingChild");

class Parent extends Model {
  kids: Child[] = [];
  order: string[] = [];
  override init() {
    this.kids.push(Child.create({ name: "first" }), Child.create({ name: "second" }));
    this.subscribe(this.sessionId, "kill", this.kill);
    this.subscribe(this.sessionId, "hit", this.hitAndKill);
  }
  kill(i: number) {
    const [kid] = this.kids.splice(i, 1);
    kid!.destroy();
    kid!.destroy(); // twice is harmless
  }
  /** Subscribed after both kids: destroying a kid here is too late for this dispatch. */
  hitAndKill() {
    this.order.push(`parent saw ${this.kids.map((k) => k.hits).join(",")}`);
  }
}
Parent.register("OrderingParent");

class Killer extends Model {
  victim: Child | null = null;
  override init() {
    this.subscribe(this.sessionId, "hit", this.killFirst); // subscribed before the victim
    this.victim = Child.create({ name: "victim" });
  }
  killFirst() {
    this.victim?.destroy();
    this.victim = null;
  }
}
Killer.register("OrderingKiller");

describe("ordering: destroy", () => {
  it("removes the model's subscriptions, futures, owned worlds and well-known names", () => {
    const rt = new Runtime("destroy");
    rt.start(Parent);
    const p = rt.root as Parent;
    const [first, second] = p.kids as [Child, Child];
    const firstNum = Number(first.id.slice(1));
    const firstWorld = first.world.id;
    expect(rt.worlds.size).toBe(2);
    rt.applyExternal(5, 1, rt.sessionId, "kill", 0);
    expect(rt.models.has(first.id)).toBe(false);
    expect([...rt.subscriptions.values()].flat().some((s) => s.modelId === first.id)).toBe(false);
    expect(rt.futures.entries().some((e) => (e.method === "" ? e.target === firstWorld : e.target === firstNum))).toBe(false);
    expect(rt.worlds.has(firstWorld)).toBe(false);
    expect(rt.worlds.size).toBe(1);
    expect(p.wellKnownModel("first")).toBeUndefined();
    expect(p.wellKnownModel("second")).toBe(second);
    rt.applyExternal(6, 2, rt.sessionId, "hit", null);
    rt.advanceTo(200);
    expect(first.hits).toBe(0);
    expect(second.hits).toBe(2); // the event and its own future
    expect(second.world.store(Dot).x[1]).toBe(2); // second's world still steps (10/s)
    expect(hashRuntime(rt)).toBe(hashRuntime(rt)); // the snapshot does not trip over the dead model
    expect(() => encodeSnapshot(rt)).not.toThrow();
  });

  it("a model destroyed during a dispatch is not called by it", () => {
    const rt = new Runtime("destroy-during");
    rt.start(Killer);
    const victim = (rt.root as Killer).victim!;
    rt.applyExternal(1, 1, rt.sessionId, "hit", null);
    expect(victim.hits).toBe(0);
    expect(rt.models.size).toBe(1);
    expect(rt.errors).toEqual([]);
  });
});
