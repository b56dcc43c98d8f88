// Swarm across clients: 10k bouncing entities stepped at 60 steps/s, players spawning and
// removing entities from several clients, a late joiner loaded from a snapshot, equal
// hashes after every tick; plus the sync test on a smaller swarm.
import { describe, expect, it } from "vitest";
import { createTestSession, runSyncTest } from "tandem";
import { HEIGHT, Position, Swarm, WIDTH } from "./model.ts";

const TICK = 50;

describe("Swarm", () => {
  it("keeps 10k entities identical on every client, late joiner included", () => {
    // a snapshot every 500 ms, so the late joiner starts from one and replays only the tail
    const s = createTestSession({ model: Swarm, options: { initial: 10_000 }, tickMs: TICK, snapshotIntervalMs: 500 });
    const [a, b, c] = [s.join(), s.join(), s.join()];
    let expected = 10_000;
    while (s.now < 2000) {
      const t = s.now;
      if (t % 200 === 0) { a.publish(s.sessionId, "spawn", { x: 100, y: 200, count: 40 }); expected += 40; }
      if (t % 300 === 100) { b.publish(s.sessionId, "remove", 25); expected -= 25; }
      if (t % 500 === 250) { c.publish(s.sessionId, "spawn", { x: WIDTH / 2, y: HEIGHT / 2, count: 5 }); expected += 5; }
      if (t === 1250) {
        const snapshot = s.sequencer.state.snapshot;
        expect(snapshot).not.toBeNull();
        expect(snapshot!.time).toBeGreaterThan(0);
        s.join();
      }
      s.advance(TICK);
      expect(new Set(s.hashes()).size).toBe(1);
    }
    expect(s.clients).toHaveLength(4);
    const world = a.model.world;
    expect(world.entityCount).toBe(expected);
    expect(world.stepCount).toBe(120); // 2 s at 60 steps/s
    const late = s.clients[3]!.model.world;
    expect(late.entities()).toEqual(world.entities());
    // bounce keeps everything inside the field
    const p = world.store(Position);
    const outside = Array.from(world.query(Position)).filter((e) => !(p.x[e]! >= 0 && p.x[e]! <= WIDTH && p.y[e]! >= 0 && p.y[e]! <= HEIGHT));
    expect(outside).toEqual([]);
  });

  it("passes the sync test", () => {
    const script = (step: number) => [
      ...(step % 4 === 0 ? [{ client: 0, event: "spawn", data: { x: step * 10, y: 500, count: 20 } }] : []),
      ...(step % 6 === 3 ? [{ client: 1, event: "remove", data: 15 }] : []),
    ];
    runSyncTest({ model: Swarm, options: { initial: 500 }, inputs: script, steps: 60, stepMs: TICK, restoreAt: 29, clients: 3 });
  });
});
