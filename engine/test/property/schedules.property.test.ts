// Property test: random schedules of joins (with and without viewData), leaves, events from
// random clients and clock advances never make clients diverge, for the Counter, Chat,
// Cursors and a small Swarm. After every advance all connected clients' hashes are equal,
// and at the end a late joiner (loaded from snapshot + log) equals the others. Runs start
// at seq 0 or just before the 32-bit wrap, so wrap-around bugs show up.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTestSession, type Model, type TestClient, type TestSession } from "tandem";
import { Chat } from "../../../games/chat/model.ts";
import { Counter } from "../../../games/counter/model.ts";
import { Cursors } from "../../../games/cursors/model.ts";
import { Swarm } from "../../../games/swarm/model.ts";

const NEAR_WRAP = 0xffffffff - 5;
const TICK = 20;

type Op =
  | { kind: "join"; named: boolean }
  | { kind: "leave"; who: number }
  | { kind: "event"; who: number; n: number }
  | { kind: "advance"; ms: number };

interface Scenario {
  name: string;
  model: { prototype: Model };
  options?: unknown;
  /** The event client `c` publishes for the random number n: [event, data]. */
  event(c: TestClient<Model>, n: number): [string, unknown];
}

const scenarios: Scenario[] = [
  { name: "Counter", model: Counter, event: (_c, n) => (n % 4 === 0 ? ["reset", undefined] : ["increment", undefined]) },
  { name: "Chat", model: Chat, event: (c, n) => ["post", { text: `t${n}`, from: c.viewId }] },
  { name: "Cursors", model: Cursors, event: (c, n) => ["cursorMove", { viewId: c.viewId, x: n, y: -n / 2 }] },
  {
    name: "Swarm", model: Swarm, options: { initial: 30 },
    event: (_c, n) => (n % 2 ? ["spawn", { x: n % 1000, y: 10, count: 1 + (n % 5) }] : ["remove", n % 4]),
  },
];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("join" as const), named: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("leave" as const), who: fc.nat(7) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("event" as const), who: fc.nat(7), n: fc.nat(1000) }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 120 }) }), weight: 3 },
);
const scheduleArb = fc.array(opArb, { maxLength: 40 });
const seqArb = fc.constantFrom(0, NEAR_WRAP);

function expectInSync(s: TestSession<Model>, where: string): void {
  const hashes = s.hashes();
  expect(new Set(hashes).size, `${where}: hashes ${hashes.join(" ")}`).toBeLessThanOrEqual(1);
  for (const c of s.clients) expect(c.runtime.errors, `${where}: errors on ${c.viewId}`).toEqual([]);
}

/** Plays a schedule; returns the session (for extra assertions). */
function play(sc: Scenario, ops: readonly Op[], initialSeq: number): TestSession<Model> {
  const s = createTestSession({ model: sc.model, options: sc.options, tickMs: TICK, initialSeq, snapshotIntervalMs: 200 });
  s.join();
  ops.forEach((op, i) => {
    const clients = s.clients;
    switch (op.kind) {
      case "join":
        s.join(op.named ? { name: `p${i}` } : undefined);
        break;
      case "leave":
        if (clients.length > 0) clients[op.who % clients.length]!.leave();
        break;
      case "event": {
        if (clients.length === 0) break;
        const c = clients[op.who % clients.length]!;
        const [event, data] = sc.event(c, op.n);
        c.publish(s.sessionId, event, data);
        break;
      }
      case "advance":
        s.advance(op.ms);
        expectInSync(s, `after op ${i} (advance ${op.ms}) at t=${s.now}`);
        break;
    }
  });
  // the late joiner: loads the latest snapshot + log, then everyone applies its join
  s.join();
  s.advance(0);
  expectInSync(s, "after the late join");
  s.advance(TICK);
  expectInSync(s, "one tick after the late join");
  return s;
}

describe.each(scenarios)("random schedules: $name", (sc) => {
  it("never diverge", () => {
    fc.assert(
      fc.property(scheduleArb, seqArb, (ops, seq) => {
        play(sc, ops, seq).close();
      }),
      { numRuns: 40 },
    );
  });

  it("stay in sync across the seq wrap-around", () => {
    const ops: Op[] = [{ kind: "join", named: true }, { kind: "join", named: false }];
    for (let i = 0; i < 12; i++) ops.push({ kind: "event", who: i, n: i * 37 }, { kind: "advance", ms: 15 });
    ops.push({ kind: "leave", who: 1 }, { kind: "advance", ms: 40 });
    const s = play(sc, ops, NEAR_WRAP);
    // the stream really wrapped: more messages were stamped than were left before 2^32
    expect(s.sequencer.state.nextSeq).toBeLessThan(NEAR_WRAP);
    expect(s.sequencer.state.nextSeq).toBeGreaterThan(5);
    expect(s.clients).toHaveLength(3);
    s.close();
  });
});
