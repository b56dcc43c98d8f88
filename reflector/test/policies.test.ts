// Unit tests of the reflector's small pure parts: desync table, token bucket, relay plan, CLI flags.
import { describe, expect, it } from "vitest";
import { parseCli } from "../src/main-args.ts";
import { DesyncTable } from "../src/desync.ts";
import { planRelay } from "../src/relay-plan.ts";
import type { Outgoing } from "../src/sequencer.ts";
import { TokenBucket } from "../src/token-bucket.ts";

describe("DesyncTable", () => {
  it("names the minority once every connected view has reported", () => {
    const t = new DesyncTable();
    expect(t.report("A", 10, 1, "h", 0, 3)).toEqual([]);
    expect(t.report("B", 10, 1, "x", 0, 3)).toEqual([]);
    expect(t.report("C", 10, 1, "h", 0, 3)).toEqual([{ type: "desync", time: 10, seq: 1, views: ["B"] }]);
    // a late reporter that disagrees with the decided majority is named on its own
    expect(t.report("D", 10, 1, "y", 0, 4)).toEqual([{ type: "desync", time: 10, seq: 1, views: ["D"] }]);
    expect(t.report("E", 10, 1, "h", 0, 5)).toEqual([]);
  });

  it("names every view when there is no majority, and nobody when all agree", () => {
    const t = new DesyncTable();
    t.report("A", 1, 1, "p", 0, 2);
    expect(t.report("B", 1, 1, "q", 0, 2)).toEqual([{ type: "desync", time: 1, seq: 1, views: ["A", "B"] }]);
    t.report("A", 2, 2, "s", 0, 2);
    expect(t.report("B", 2, 2, "s", 0, 2)).toEqual([]);
  });

  it("decides moments not everyone reported once they settle, then forgets them", () => {
    const t = new DesyncTable({ settleMs: 100, keepMs: 1000 });
    t.report("A", 1, 1, "h", 0, 5);
    t.report("B", 1, 1, "h", 0, 5);
    t.report("C", 1, 1, "z", 0, 5);
    expect(t.poll(50)).toEqual([]);
    expect(t.poll(100)).toEqual([{ type: "desync", time: 1, seq: 1, views: ["C"] }]);
    expect(t.size).toBe(1);
    t.poll(1000);
    expect(t.size).toBe(0);
  });

  it("stays bounded: the oldest moment is decided and dropped", () => {
    const t = new DesyncTable({ maxEntries: 4 });
    for (let i = 0; i < 100; i++) t.report("A", i, i, `h${i}`, 0, 2);
    expect(t.size).toBe(4);
  });
});

describe("TokenBucket", () => {
  it("allows the burst, then the sustained rate", () => {
    const b = new TokenBucket(20, 60, 0);
    let ok = 0;
    for (let i = 0; i < 100; i++) if (b.take(0)) ok++;
    expect(ok).toBe(60);
    expect(b.take(0)).toBe(false);
    expect(b.take(50)).toBe(true); // 50 ms = one token at 20/s
    expect(b.take(50)).toBe(false);
    for (let i = 0; i < 100; i++) b.take(10_000);
    expect(b.take(10_000)).toBe(false); // refills cap at the burst
  });

  it("charges into debt and says how long to wait", () => {
    const b = new TokenBucket(1000, 100, 0);
    expect(b.spend(0, 100)).toBe(0);
    expect(b.spend(0, 500)).toBe(500);
    expect(b.spend(500, 0)).toBe(0);
  });
});

describe("planRelay", () => {
  const tick = (time: number) => ({ type: "tick", time }) as const;
  it("shares the broadcast list with plain connections and builds the rest per connection", () => {
    const items: Outgoing[] = [
      { to: "*", msg: tick(1) },
      { to: "*", msg: tick(2), except: "j" },
      { to: "j", msg: { type: "snap-request" } },
      { to: "*", msg: tick(3) },
    ];
    const plan = planRelay(items, [
      { conn: "a", from: 0 },
      { conn: "b", from: 0 },
      { conn: "j", from: 1 },
    ]);
    expect(plan.shared).toEqual([tick(1), tick(2), tick(3)]);
    expect(plan.sharedTo).toEqual(["a", "b"]);
    expect([...plan.own]).toEqual([["j", [{ type: "snap-request" }, tick(3)]]]);
  });
});

describe("CLI flags", () => {
  it("parses the documented flags into options", () => {
    expect(parseCli(["--port", "0", "--host", "::1", "--tick-ms", "25", "--storage", "memory", "--max-clients", "3", "--fsync"])).toEqual({
      port: 0,
      host: "::1",
      tickMs: 25,
      storage: "memory",
      fsync: true,
      limits: { maxClientsPerSession: 3 },
    });
    expect(parseCli(["--max-connections-per-address", "0", "--connects-per-second-per-address", "2.5", "--connect-burst-per-address", "9"])!.limits).toEqual({
      maxConnectionsPerAddress: 0,
      connectsPerSecondPerAddress: 2.5,
      connectBurstPerAddress: 9,
    });
    expect(parseCli(["--help"])).toBeNull();
    expect(() => parseCli(["--port", "nope"])).toThrow(/--port needs a number/);
    expect(() => parseCli(["--bogus"])).toThrow();
  });
});
