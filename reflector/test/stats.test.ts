// Reflector stats: the histogram's quantiles, the counters of a real reflector (startReflector
// with raw WebSocket clients) after a known number of events, and the CLI's periodic line.
import { describe, expect, it } from "vitest";
import { StreamKind } from "../../engine/src/protocol/messages.ts";
import { startReflector } from "../src/server.ts";
import { RelayStats } from "../src/stats.ts";
import { RawClient } from "./support/raw-client.ts";
import { startCli } from "./support/reflector-cli.ts";

describe("RelayStats", () => {
  it("gives quantiles within the 5 % bucket width, never above the max, and resets", () => {
    let now = 0;
    const s = new RelayStats(() => now);
    for (let i = 1; i <= 1000; i++) s.residence(i / 100); // 0.01 … 10 ms, uniform
    s.eventsIn = 1000;
    now = 2000;
    const r = s.read(1, 2, true)!;
    expect(r.periodMs).toBe(2000);
    expect(r.residence!.count).toBe(1000);
    expect(r.residence!.p50).toBeGreaterThanOrEqual(5);
    expect(r.residence!.p50).toBeLessThanOrEqual(5 * 1.05);
    expect(r.residence!.p99).toBeGreaterThanOrEqual(9.9);
    expect(r.residence!.p99).toBeLessThanOrEqual(10);
    expect(r.residence!.max).toBe(10);
    const after = s.read(1, 2, false);
    expect([after.eventsIn, after.residence]).toEqual([0, null]);
  });
});

describe("Reflector.stats", () => {
  it("counts events in, frames and deliveries out, and a residence per event", async () => {
    const r = await startReflector({ port: 0, host: "127.0.0.1", storage: "memory", log: () => undefined });
    const clients: RawClient[] = [];
    try {
      const { client: a } = await RawClient.join(r.url, "stats", "A");
      const { client: b } = await RawClient.join(r.url, "stats", "B");
      clients.push(a, b);
      r.stats(true); // count from here
      for (let i = 1; i <= 10; i++) a.event(i, i);
      await b.waitStamped((e) => e.kind === StreamKind.EVENT && e.payload[0] === 10, { what: "A's 10th event at B" });
      await a.waitStamped((e) => e.kind === StreamKind.EVENT && e.payload[0] === 10, { what: "A's 10th event at A" });
      const s = r.stats();
      expect(s.sessions).toBe(1);
      expect(s.connections).toBe(2);
      expect(s.eventsIn).toBe(10);
      expect(s.deliveries).toBe(20); // each event to both clients
      expect(s.framesOut).toBeGreaterThanOrEqual(2);
      expect(s.framesOut).toBeLessThanOrEqual(20);
      expect(s.residence!.count).toBe(10);
      expect(s.residence!.p50).toBeGreaterThanOrEqual(0);
      expect(s.residence!.max).toBeLessThan(5000);
    } finally {
      await Promise.all(clients.map((c) => c.terminate()));
      await r.close();
    }
  });

  it("the CLI logs a stats line every --stats-ms", async () => {
    const r = await startCli(["--storage", "memory", "--stats-ms", "100"]);
    try {
      const { client } = await RawClient.join(r.url, "stats-cli", "A");
      client.event(1, 1);
      await client.waitStamped((e) => e.kind === StreamKind.EVENT, { what: "the echo" });
      await client.waitFor(() => /"eventsIn":1\b/.test(r.stderr()), { what: "a stats line counting the event", timeoutMs: 5000 });
      const line = r.stderr().split("\n").find((l) => l.includes('"eventsIn":1'))!;
      const stats = JSON.parse(line.slice(line.indexOf("{")));
      expect(stats).toMatchObject({ sessions: 1, connections: 1, eventsIn: 1, deliveries: 1 });
      await client.terminate();
    } finally {
      await r.kill("SIGTERM");
      await r.dispose();
    }
  });
});
