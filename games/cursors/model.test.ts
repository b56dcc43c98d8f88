// Cursors across clients: a cursor per joined view with the same random palette colour on
// every client, moves from several clients, removal on leave, a late joiner, the sync test.
import { describe, expect, it } from "vitest";
import { createTestSession, runSyncTest, type TestSession } from "tandem";
import { Cursors, PALETTE } from "./model.ts";

const TICK = 50;

function tickInSync(s: TestSession<Cursors>): void {
  s.advance(TICK);
  expect(new Set(s.hashes()).size).toBe(1);
}

describe("Cursors", () => {
  it("adds, moves and removes cursors identically on every client", () => {
    const s = createTestSession({ model: Cursors, tickMs: TICK });
    const [a, b, c] = [s.join(), s.join(), s.join()];
    tickInSync(s);
    for (let i = 0; i < 30; i++) {
      for (const client of [a, b, c]) {
        if (client.connected) client.publish(s.sessionId, "cursorMove", { viewId: client.viewId, x: i * 10, y: client === a ? i : -i });
      }
      if (i === 10) s.join({ nickname: "late" }); // viewData makes view-join carry { viewId, viewData }
      if (i === 20) b.leave();
      tickInSync(s);
    }
    const ids = s.clients.map((cl) => cl.viewId);
    const cursors = a.model.cursors;
    expect([...cursors.keys()]).toEqual(ids);
    expect(cursors.has(b.viewId)).toBe(false);
    for (const cl of s.clients) expect(cl.model.cursors).toEqual(cursors);
    for (const cur of cursors.values()) expect(PALETTE).toContain(cur.color);
    expect(cursors.get(a.viewId)).toMatchObject({ x: 290, y: 29 });
    expect(cursors.get(c.viewId)).toMatchObject({ x: 290, y: -29 });
    expect(cursors.get(s.clients[2]!.viewId)).toMatchObject({ x: 0, y: 0 }); // the late joiner never moved
  });

  it("keeps each view's colour when others join and leave, and ignores bad moves", () => {
    const s = createTestSession({ model: Cursors, tickMs: TICK });
    const [a, b] = [s.join(), s.join()];
    tickInSync(s);
    const colourOfA = a.model.cursors.get(a.viewId)!.color;
    const c = s.join();
    b.leave();
    a.publish(s.sessionId, "cursorMove", { viewId: b.viewId, x: 1, y: 1 }); // b is gone
    a.publish(s.sessionId, "cursorMove", { viewId: a.viewId, x: "1", y: 1 });
    a.publish(s.sessionId, "cursorMove", { viewId: a.viewId, x: Infinity, y: 1 });
    tickInSync(s);
    for (const cl of [a, c]) {
      expect(cl.model.cursors.get(a.viewId)).toEqual({ x: 0, y: 0, color: colourOfA });
      expect(cl.model.cursors.has(b.viewId)).toBe(false);
    }
    expect(a.runtime.errors).toEqual([]);
  });

  it("passes the sync test", () => {
    // the script cannot see the clients, so it names their viewIds as createTestSession makes them
    // (view-c1, view-c2, …); the assertion below guards that assumption
    const script = (step: number) => [0, 1, 2].map((client) => ({
      client, event: "cursorMove", data: { viewId: `view-c${client + 1}`, x: step * (client + 1), y: step },
    }));
    runSyncTest({ model: Cursors, inputs: script, steps: 30, stepMs: TICK, restoreAt: 13, clients: 3 });
    const s = createTestSession({ model: Cursors });
    expect([s.join(), s.join(), s.join()].map((c) => c.viewId)).toEqual(["view-c1", "view-c2", "view-c3"]);
  });
});
