// TokenBucket: sustained rate, burst, reserve, injected clock.
import { describe, expect, it } from "vitest";
import { TokenBucket } from "../../src/view/token-bucket.ts";

describe("TokenBucket", () => {
  it("allows a burst, then the sustained rate", () => {
    const b = new TokenBucket({ perSecond: 20, burst: 60 }, 0);
    let sent = 0;
    while (b.take(0)) sent++;
    expect(sent).toBe(60);
    expect(b.take(49)).toBe(false);
    expect(b.take(50)).toBe(true); // one token per 50 ms
    sent = 0;
    for (let t = 50; t <= 10_050; t += 10) if (b.take(t)) sent++;
    expect(sent).toBeGreaterThanOrEqual(199);
    expect(sent).toBeLessThanOrEqual(201);
  });

  it("refills only up to the burst", () => {
    const b = new TokenBucket({ perSecond: 20, burst: 5 }, 0);
    expect(b.tokens(100_000)).toBe(5);
  });

  it("keeps a reserve when asked", () => {
    const b = new TokenBucket({ perSecond: 1, burst: 3 }, 0);
    expect(b.take(0, 2)).toBe(true); // 3 → 2
    expect(b.take(0, 2)).toBe(false); // would leave fewer than 2
    expect(b.take(0)).toBe(true);
  });

  it("ignores a clock going backwards", () => {
    const b = new TokenBucket({ perSecond: 10, burst: 1 }, 1000);
    expect(b.take(1000)).toBe(true);
    expect(b.take(500)).toBe(false);
    expect(b.take(1100)).toBe(true);
  });

  it("rejects nonsense rates", () => {
    expect(() => new TokenBucket({ perSecond: 0 })).toThrow(/perSecond/);
  });
});
