// A restored runtime (engine/src/model/snapshot.ts) continues with the same hash at every step as
// the runtime that never restored, from any cut point, and so does a late joiner loading a snapshot.
import { describe, expect, it } from "vitest";
import { createTestSession, decodeSnapshot, encodeSnapshot, hashRuntime } from "tandem";
import { applyAction, rootOf, script, SnapGraph, startGraph } from "./snapshot-fixtures.ts";

describe("snapshot: restore and continue", () => {
  it("re-encoding a decoded snapshot gives the same bytes", () => {
    const rt = startGraph();
    for (const a of script().slice(0, 8)) applyAction(rt, a);
    const bytes = encodeSnapshot(rt);
    expect(encodeSnapshot(decodeSnapshot(bytes))).toEqual(bytes);
    expect(hashRuntime(decodeSnapshot(bytes))).toBe(hashRuntime(rt));
  });

  it("gives identical hashes step by step vs the runtime that never restored, from every cut point", () => {
    const actions = script();
    const original = startGraph();
    const snaps: Uint8Array[] = [encodeSnapshot(original)];
    const hashes: string[] = [hashRuntime(original)];
    for (const a of actions) {
      applyAction(original, a);
      snaps.push(encodeSnapshot(original));
      hashes.push(hashRuntime(original));
    }
    expect(new Set(hashes).size).toBeGreaterThan(hashes.length - 3); // nearly every step changes something
    for (let cut = 0; cut < snaps.length; cut++) {
      const restored = decodeSnapshot(snaps[cut]!);
      expect(hashRuntime(restored), `right after restoring at ${cut}`).toBe(hashes[cut]);
      for (let j = cut; j < actions.length; j++) {
        applyAction(restored, actions[j]!);
        expect(hashRuntime(restored), `cut ${cut}, after action ${j}`).toBe(hashes[j + 1]);
      }
    }
    expect(original.errors).toEqual([]);
  });

  it("continues the model's own observable state identically (log, random draws, counters)", () => {
    const actions = script();
    const original = startGraph();
    for (const a of actions.slice(0, 9)) applyAction(original, a);
    const restored = decodeSnapshot(encodeSnapshot(original));
    for (const a of actions.slice(9)) {
      applyAction(original, a);
      applyAction(restored, a);
    }
    const [o, r] = [rootOf(original), rootOf(restored)];
    expect(r.log).toEqual(o.log);
    expect(r.shared.count).toBe(o.shared.count);
    expect(r.items.map((i) => [i.id, i.label, i.n, i.history])).toEqual(o.items.map((i) => [i.id, i.label, i.n, i.history]));
    expect(restored.random()).toBe(original.random());
  });

  it("restores through several generations of snapshots", () => {
    const actions = script();
    const original = startGraph();
    let chain = decodeSnapshot(encodeSnapshot(original));
    for (const a of actions) {
      applyAction(original, a);
      applyAction(chain, a);
      chain = decodeSnapshot(encodeSnapshot(chain));
      expect(hashRuntime(chain)).toBe(hashRuntime(original));
    }
  });
});

describe("snapshot: late joiners through the test session", () => {
  it("a joiner loading a snapshot matches the others at every advance", () => {
    const s = createTestSession({ model: SnapGraph, sessionId: "late-join", tickMs: 10 });
    const a = s.join();
    const b = s.join();
    s.advance(30);
    a.publish(s.sessionId, "poke", { amount: 2 });
    b.publish(s.sessionId, "spawn", "fromB");
    s.advance(40);
    a.publish(s.sessionId, "drop");
    s.advance(20);
    expect(s.sequencer.state.snapshot).not.toBeNull();
    const c = s.join();
    expect(c.model).toBeInstanceOf(SnapGraph);
    expect(c.model.wellKnownModel("graph")).toBe(c.model);
    for (let i = 0; i < 12; i++) {
      if (i % 3 === 0) c.publish(s.sessionId, "poke", { amount: i });
      if (i === 5) b.publish(s.sessionId, "spawn", "late");
      if (i === 7) c.publish(s.sessionId, "drop");
      s.advance(10);
      const hs = s.hashes();
      expect(new Set(hs).size, `advance ${i}: ${hs.join(" ")}`).toBe(1);
    }
    expect(c.model.log).toEqual(a.model.log);
    expect(c.model.items.map((x) => x.label)).toEqual(a.model.items.map((x) => x.label));
  });
});
