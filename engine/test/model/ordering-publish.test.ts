// publish: synchronous model→model delivery in subscription order, the model→view outbox, and
// the refusals of publish/future outside model code and of arrow-function handlers.
import { describe, expect, it } from "vitest";
import { Model, Runtime } from "tandem";
import { quietConsoleErrors } from "./quiet-console.ts";

quietConsoleErrors();

class Listener extends Model {
  declare name: string;
  override init(opts: { name: string; relay?: boolean }) {
    this.name = opts.name;
    this.subscribe("hub", "ping", this.onPing);
    if (opts.relay) this.subscribe("hub", "pong", this.onPong);
  }
  hubLog(): string[] {
    return this.wellKnownModel<Hub>("hub")!.log;
  }
  onPing(n: number) {
    this.hubLog().push(`${this.name}:ping${n}`);
    if (this.name === "L1") this.publish("hub", "pong", n * 10);
  }
  onPong(n: number) {
    this.hubLog().push(`${this.name}:pong${n}`);
  }
}
Listener.register("OrderingListener");

class Hub extends Model {
  log: string[] = [];
  seen: number[] = [];
  listeners: Listener[] = [];
  override init() {
    this.beWellKnownAs("hub");
    this.listeners.push(Listener.create({ name: "L1" }), Listener.create({ name: "L2" }), Listener.create({ name: "L3", relay: true }));
    this.subscribe(this.sessionId, "go", this.go);
    this.subscribe(this.sessionId, "reorder", this.reorder);
    this.subscribe(this.sessionId, "view", this.toView);
  }
  go(n: number) {
    this.publish("hub", "ping", n);
    this.seen.push(this.log.length); // synchronous: every handler already ran
  }
  reorder() {
    const l1 = this.listeners[0]!;
    l1.unsubscribe("hub", "ping", l1.onPing);
    l1.subscribe("hub", "ping", l1.onPing); // now last
    l1.subscribe("hub", "ping", "onPing"); // a duplicate is ignored
  }
  toView(n: number) {
    this.publish(this.id, "a", n);
    this.publish(this.id, "b", { n, list: [n] });
    this.publish("hidden", "c", n);
    this.publish(this.id, "d");
  }
}
Hub.register("OrderingHub");

describe("ordering: publish", () => {
  it("delivers model→model events synchronously, in subscription order, depth first", () => {
    const rt = new Runtime("publish");
    rt.start(Hub);
    rt.applyExternal(1, 1, rt.sessionId, "go", 1);
    const hub = rt.root as Hub;
    expect(hub.log).toEqual(["L1:ping1", "L3:pong10", "L2:ping1", "L3:ping1"]);
    expect(hub.seen).toEqual([4]);
  });

  it("re-subscribing moves a handler to the end; duplicates are ignored", () => {
    const rt = new Runtime("publish-reorder");
    rt.start(Hub);
    rt.applyExternal(1, 1, rt.sessionId, "reorder", null);
    rt.applyExternal(2, 2, rt.sessionId, "go", 2);
    expect((rt.root as Hub).log).toEqual(["L2:ping2", "L3:ping2", "L1:ping2", "L3:pong20"]);
  });

  it("queues model→view events in runtime.viewOutbox in publish order, filtered by viewFilter", () => {
    const rt = new Runtime("publish-view");
    rt.viewFilter = (scope) => scope !== "hidden";
    rt.start(Hub);
    rt.viewOutbox.length = 0;
    rt.applyExternal(1, 1, rt.sessionId, "view", 7);
    const hubId = rt.root!.id;
    expect(rt.viewOutbox).toEqual([
      { scope: hubId, event: "a", data: 7 },
      { scope: hubId, event: "b", data: { n: 7, list: [7] } },
      { scope: hubId, event: "d", data: undefined },
      { scope: rt.sessionId, event: "view", data: 7 }, // the external event itself, after what it caused
    ]);
  });

  it("refuses publish, future and create outside model code", () => {
    const rt = new Runtime("outside");
    rt.start(Hub);
    const hub = rt.root as Hub;
    expect(() => hub.publish("x", "y")).toThrow(/publish\(\) can only be called from model code/);
    expect(() => hub.future(5)).toThrow(/future\(\) can only be called from model code/);
  });

  it("refuses arrow functions as handlers with a clear error", () => {
    class ArrowSub extends Model {
      override init() {
        this.subscribe(this.sessionId, "x", (() => undefined) as never);
      }
    }
    ArrowSub.register("OrderingArrowSub");
    const rt = new Runtime("arrow-sub");
    expect(() => rt.start(ArrowSub)).toThrow(/handler must be a method of ArrowSub/);
  });
});
