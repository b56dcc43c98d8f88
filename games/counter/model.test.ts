// Counter across clients: interleaved increments and a reset from several clients, a late
// joiner, equal hashes after every tick, "changed" views events, and the sync test.
import { describe, expect, it } from "vitest";
import { createTestSession, runSyncTest, type TestSession } from "tandem";
import { Counter } from "./model.ts";

const TICK = 50;

function tickInSync(s: TestSession<Counter>): void {
  s.advance(TICK);
  expect(new Set(s.hashes()).size).toBe(1);
}

describe("Counter", () => {
  it("stays identical on every client through increments, a reset and a late join", () => {
    const s = createTestSession({ model: Counter, tickMs: TICK });
    const [a, b, c] = [s.join(), s.join(), s.join()];
    let expected = 0;
    for (let i = 0; i < 40; i++) {
      // several clients publish within one tick: all land, in stamp order
      if (i % 2 === 0) { a.publish(s.sessionId, "increment"); expected++; }
      if (i % 3 === 0) { b.publish(s.sessionId, "increment"); expected++; }
      if (i % 5 === 0) { c.publish(s.sessionId, "increment"); expected++; }
      if (i === 12) { b.publish(s.sessionId, "reset"); expected = 0; }
      if (i === 20) s.join(); // late joiner mid-way
      tickInSync(s);
      for (const client of s.clients) expect(client.model.count).toBe(expected);
    }
    expect(s.clients).toHaveLength(4);
    expect(expected).toBeGreaterThan(10);
    // views are told each new count, in order
    const changed = a.runtime.viewOutbox.filter((e) => e.event === "changed").map((e) => e.data);
    expect(changed.at(-1)).toBe(expected);
    expect(changed).toContain(0);
  });

  it("passes the sync test", () => {
    const script = (step: number) => [
      ...(step % 2 === 0 ? [{ client: 0, event: "increment" }] : []),
      ...(step % 3 === 0 ? [{ client: 1, event: "increment" }] : []),
      ...(step === 17 ? [{ client: 2, event: "reset" }] : []),
    ];
    const hashes = runSyncTest({ model: Counter, inputs: script, steps: 30, stepMs: TICK, restoreAt: 11, clients: 3 });
    expect(hashes).toHaveLength(30);
  });
});
