// cancelFuture: which pending futures it cancels (by method or by name, only the caller's own)
// and what it reports.
import { describe, expect, it } from "vitest";
import { Model, Runtime } from "tandem";

class Canceller extends Model {
  log: string[] = [];
  results: boolean[] = [];
  override init() {
    this.subscribe(this.sessionId, "cancel", this.cancel);
    this.future(10).a(1);
    this.future(20).a(2);
    this.future(15).b();
    this.future(30).killer();
    this.future(30).victim();
  }
  a(n: number) {
    this.log.push(`a${n}`);
  }
  b() {
    this.log.push("b");
  }
  killer() {
    this.results.push(this.cancelFuture(this.victim));
  }
  victim() {
    this.log.push("victim");
  }
  cancel(what: "a" | "b") {
    this.results.push(what === "a" ? this.cancelFuture(this.a) : this.cancelFuture("b"));
  }
}
Canceller.register("Canceller");

describe("ordering: cancelFuture", () => {
  it("cancels every pending future of the method, by method or by name, and says whether any was pending", () => {
    const rt = new Runtime("cancel");
    rt.start(Canceller);
    const c1 = rt.root as Canceller;
    rt.execute("test", () => void Canceller.create()); // a second model with the same methods
    rt.applyExternal(1, 1, rt.sessionId, "cancel", "a");
    rt.applyExternal(2, 2, rt.sessionId, "cancel", "a");
    rt.applyExternal(3, 3, rt.sessionId, "cancel", "b");
    rt.advanceTo(100);
    // the cancel event reaches both models; the first model's own futures were cancelled by it
    expect(c1.results).toEqual([true, false, true, true]);
    expect(c1.log).toEqual([]);
  });

  it("a future can cancel another due at the same time but created later", () => {
    const rt = new Runtime("cancel-same-time");
    rt.start(Canceller);
    rt.advanceTo(30);
    const c = rt.root as Canceller;
    expect(c.log).toEqual(["a1", "b", "a2"]);
    expect(c.results).toEqual([true]);
  });

  it("only touches the calling model's futures", () => {
    const rt = new Runtime("cancel-own");
    rt.start(Canceller);
    let other: Canceller | undefined;
    rt.execute("test", () => {
      other = Canceller.create();
      other.cancelFuture(other.a);
    });
    rt.advanceTo(25);
    expect((rt.root as Canceller).log).toEqual(["a1", "b", "a2"]);
    expect(other!.log).toEqual(["b"]);
  });
});
