// Loot across clients: interleaved chest openings give identical rolls everywhere, a late
// joiner sees the same history, and 100k rolls follow the 10/20/70 % distribution.
import { describe, expect, it } from "vitest";
import { createTestSession, runSyncTest, type TestSession } from "tandem";
import { HISTORY, Loot, rarityOf, type Drop } from "./model.ts";

const TICK = 50;

function tickInSync(s: TestSession<Loot>): void {
  s.advance(TICK);
  expect(new Set(s.hashes()).size).toBe(1);
}

describe("Loot", () => {
  it("rolls the same drops on every client", () => {
    const s = createTestSession({ model: Loot, tickMs: TICK });
    const [a, b, c] = [s.join(), s.join(), s.join()];
    let opened = 0;
    for (let i = 0; i < 40; i++) {
      a.publish(s.sessionId, "open-chest", { by: "a" });
      if (i % 2) b.publish(s.sessionId, "open-chest", { by: "b", count: 3 });
      if (i % 5 === 0) c.publish(s.sessionId, "open-chest", { by: "c", count: 2 });
      opened += 1 + (i % 2 ? 3 : 0) + (i % 5 === 0 ? 2 : 0);
      if (i === 20) s.join(); // late joiner
      tickInSync(s);
    }
    const m = a.model;
    expect(m.opened).toBe(opened);
    expect(opened).toBeGreaterThan(HISTORY);
    expect(m.counts.legendary + m.counts.rare + m.counts.common).toBe(opened);
    expect(m.history).toHaveLength(HISTORY);
    for (const d of m.history) expect(d.rarity).toBe(rarityOf(d.roll));
    for (const cl of s.clients) {
      expect(cl.model.history).toEqual(m.history);
      expect(cl.model.counts).toEqual(m.counts);
    }
    // views get each opening's drops
    const looted = a.runtime.viewOutbox.filter((e) => e.event === "looted").map((e) => e.data as Drop[]);
    expect(looted.at(-1)!.at(-1)).toEqual(m.history.at(-1));
  });

  it("follows the distribution over 100k rolls, the same on every client", () => {
    const s = createTestSession({ model: Loot, tickMs: TICK });
    const [a, b, c] = [s.join(), s.join(), s.join()];
    b.publish(s.sessionId, "open-chest", { count: 100_000, by: "b" });
    tickInSync(s);
    const { counts, opened } = c.model;
    expect(opened).toBe(100_000);
    // ±1 percentage point is about 7–10 standard deviations for n = 100k
    expect(counts.legendary / opened).toBeGreaterThan(0.09);
    expect(counts.legendary / opened).toBeLessThan(0.11);
    expect(counts.rare / opened).toBeGreaterThan(0.19);
    expect(counts.rare / opened).toBeLessThan(0.21);
    expect(counts.common / opened).toBeGreaterThan(0.69);
    expect(counts.common / opened).toBeLessThan(0.71);
    expect(a.model.counts).toEqual(counts);
    expect(a.model.history.map((d) => d.n)).toEqual(Array.from({ length: HISTORY }, (_, i) => 100_000 - HISTORY + 1 + i));
  });

  it("passes the sync test", () => {
    const script = (step: number) => [{ client: step % 3, event: "open-chest", data: { by: `c${step % 3}`, count: 1 + (step % 4) } }];
    runSyncTest({ model: Loot, inputs: script, steps: 40, stepMs: TICK, restoreAt: 21, clients: 3 });
  });
});
