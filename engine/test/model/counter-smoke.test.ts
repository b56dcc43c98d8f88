import { describe, expect, it } from "vitest";
import { createTestSession, Model } from "tandem";

class SmokeCounter extends Model {
  count = 0;
  override init() {
    this.subscribe(this.sessionId, "increment", this.increment);
  }
  increment(by: number) {
    this.count += by;
  }
}
SmokeCounter.register("SmokeCounter");

describe("smoke", () => {
  it("counts across clients", () => {
    const s = createTestSession({ model: SmokeCounter });
    const a = s.join();
    const b = s.join();
    a.publish(s.sessionId, "increment", 2);
    b.publish(s.sessionId, "increment", 3);
    s.advance(100);
    expect(a.model.count).toBe(5);
    expect(b.model.count).toBe(5);
    expect(a.hash()).toBe(b.hash());
    const c = s.join();
    expect(c.model.count).toBe(5);
    s.advance(50);
    expect(new Set(s.hashes()).size).toBe(1);
  });
});
