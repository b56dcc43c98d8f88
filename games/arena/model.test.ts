// Arena across clients: interleaved inputs from three players, a late joiner loaded from a
// snapshot, equal hashes after every tick; the sync test on the scripted log; and gameplay:
// hits score, destroyed ships respawn with a shield, ships stay inside, leavers vanish.
import { describe, expect, it } from "vitest";
import { createTestSession, dmath, runSyncTest, type TestClient, type TestSession } from "tandem";
import {
  Alive, Angle, Arena, Bullet, HEIGHT, MAX_NAME, HIT_POINTS, INPUT_EVENT, INVULNERABLE_STEPS, KILL_BONUS, Position, RESPAWN_STEPS, SHIP_HP, SHIP_RADIUS, Ship, WIDTH, shipOf,
} from "./model.ts";
import { arenaScript, runArenaScript, SCRIPT_STEP_MS } from "./script.ts";

const TICK = 50;

function shipState(client: TestClient<Arena>, viewId: string) {
  const m = client.model, w = m.world;
  const e = shipOf(w, m.players.get(viewId)!.index);
  const p = w.store(Position), s = w.store(Ship);
  return { e, x: p.x[e]!, y: p.y[e]!, alive: w.hasComponent(e, Alive), hp: s.hp[e]!, invulnerable: s.invulnerable[e]! };
}

function input(s: TestSession<Arena>, c: TestClient<Arena>, state: Record<string, number>) {
  c.publish(s.sessionId, INPUT_EVENT, { viewId: c.viewId, ...state });
}

describe("Arena", () => {
  it("keeps three clients and a late joiner identical, tick by tick", () => {
    const s = createTestSession({ model: Arena, tickMs: TICK, snapshotIntervalMs: 500 });
    const [a, b, c] = [s.join(), s.join(), s.join()];
    s.advance(0); // earlier joiners see later joins at the next advance
    expect(new Set(s.hashes()).size).toBe(1);
    while (s.now < 4000) {
      const t = s.now;
      if (t % 150 === 0) input(s, a, { thrust: 1, turn: (t / 150) % 3 - 1, fire: 1 });
      if (t % 200 === 50) input(s, b, { thrust: t % 400 === 50 ? 1 : 0, fire: 1, aimX: (t * 7) % WIDTH, aimY: (t * 3) % HEIGHT });
      if (t % 250 === 100) input(s, c, { thrust: 1, turn: 1, fire: t % 500 === 100 ? 1 : 0 });
      if (t === 2000) {
        expect(s.sequencer.state.snapshot!.time).toBeGreaterThan(0);
        const late = s.join();
        expect(late.model.players.has(late.viewId)).toBe(true);
      }
      if (t > 2000 && t % 300 === 0) input(s, s.clients[3]!, { thrust: 1, fire: 1, aimX: 800, aimY: 450 });
      s.advance(TICK);
      expect(new Set(s.hashes()).size).toBe(1);
    }
    const w = a.model.world;
    expect(w.stepCount).toBe(240);
    expect(a.model.players.size).toBe(4);
    expect(s.clients[3]!.model.world.entities()).toEqual(w.entities());
    expect(w.query(Bullet).length).toBeGreaterThan(0);
    s.close();
  });

  it("passes the sync test on the scripted log", () => {
    // the script minus joins/leaves (runSyncTest joins its clients at 0 as view-c1, view-c2, …)
    const inputs = arenaScript(120)
      .filter((e) => e.event === INPUT_EVENT && e.client < 3)
      .map((e) => ({ at: e.at, client: e.client, event: e.event, data: { ...e.data, viewId: `view-c${e.client + 1}` } }));
    expect(inputs.length).toBeGreaterThan(50);
    const hashes = runSyncTest({ model: Arena, inputs, steps: 120, stepMs: SCRIPT_STEP_MS, restoreAt: 61, clients: 3 });
    expect(new Set(hashes).size).toBeGreaterThan(100); // the state really moves
  });

  it("runs the cross-engine script with a late joiner and a leaver, reproducibly", () => {
    const first = runArenaScript({ steps: 200 });
    expect(first).toHaveLength(200);
    expect(runArenaScript({ steps: 200 })).toEqual(first);
    expect(runArenaScript({ steps: 200, seed: 7 })).not.toEqual(first);
  });

  it("scores a hit, destroys a ship and respawns it with a shield after the delay", () => {
    const s = createTestSession({ model: Arena, tickMs: TICK });
    const [a, b] = [s.join(), s.join()];
    const events: string[] = [];
    // wait out the spawn shield, then hunt: aim at the target, close in, fire when near
    s.advance(INVULNERABLE_STEPS * (1000 / 60) + TICK);
    let firstHitAt = -1;
    while (s.now < 20_000) {
      const me = shipState(a, a.viewId), them = shipState(a, b.viewId);
      if (!them.alive) break;
      const d = Math.sqrt((them.x - me.x) ** 2 + (them.y - me.y) ** 2);
      input(s, a, { thrust: d > 250 ? 1 : 0, fire: d < 450 ? 1 : 0, aimX: them.x, aimY: them.y });
      s.advance(TICK);
      if (firstHitAt < 0 && a.model.players.get(a.viewId)!.score > 0) {
        firstHitAt = s.now;
        expect(a.model.players.get(a.viewId)!.score).toBe(HIT_POINTS);
        expect(shipState(a, b.viewId).hp).toBe(SHIP_HP - 1);
        events.push("hit");
      }
    }
    expect(events).toEqual(["hit"]);
    const dead = shipState(a, b.viewId);
    expect(dead.alive).toBe(false);
    const shooter = a.model.players.get(a.viewId)!, victim = a.model.players.get(b.viewId)!;
    expect(shooter.score).toBe(SHIP_HP * HIT_POINTS + KILL_BONUS);
    expect([shooter.kills, victim.deaths]).toEqual([1, 1]);
    input(s, a, { thrust: 0, fire: 0 });
    // model time moves in 50 ms ticks (3 steps): still down one tick before the countdown ends, back after
    const left = a.model.world.store(Ship).respawn[dead.e]!;
    expect(left).toBeGreaterThan(RESPAWN_STEPS - 4);
    s.advance(Math.floor((left - 1) / 3) * TICK);
    expect(shipState(a, b.viewId).alive).toBe(false);
    s.advance(2 * TICK);
    const back = shipState(a, b.viewId);
    expect(back).toMatchObject({ alive: true, hp: SHIP_HP });
    expect(back.invulnerable).toBeGreaterThan(INVULNERABLE_STEPS - 7);
    expect(new Set(s.hashes()).size).toBe(1);
    s.close();
  });

  it("keeps ships inside the arena under full thrust", () => {
    const s = createTestSession({ model: Arena, tickMs: TICK });
    const cs = [s.join(), s.join(), s.join(), s.join()];
    let worst = Infinity;
    while (s.now < 15_000) {
      if (s.now % 700 === 0) cs.forEach((c, i) => input(s, c, { thrust: 1, turn: ((s.now / 700 + i) % 3) - 1, fire: 0 }));
      s.advance(TICK);
      const w = cs[0]!.model.world, p = w.store(Position);
      for (const e of w.query(Ship, Alive)) {
        worst = Math.min(worst, p.x[e]! - SHIP_RADIUS, WIDTH - SHIP_RADIUS - p.x[e]!, p.y[e]! - SHIP_RADIUS, HEIGHT - SHIP_RADIUS - p.y[e]!);
      }
    }
    expect(worst).toBeGreaterThanOrEqual(-1e-3); // f32 rounding at most
    expect(worst).toBeLessThan(1); // and they did reach the walls
    s.close();
  });

  it("removes the ship and the score row of a player who leaves", () => {
    const s = createTestSession({ model: Arena, tickMs: TICK });
    const [a, b] = [s.join(), s.join()];
    s.advance(TICK);
    const index = a.model.players.get(b.viewId)!.index;
    expect(shipOf(a.model.world, index)).toBeGreaterThanOrEqual(0);
    b.leave();
    s.advance(TICK);
    expect(a.model.players.has(b.viewId)).toBe(false);
    expect(shipOf(a.model.world, index)).toBe(-1);
    expect(a.model.world.query(Ship)).toHaveLength(1);
    expect(a.model.scoreboard().map((r) => r.viewId)).toEqual([a.viewId]);
  });

  it("gives joiners distinct colours and names, ignores bad input", () => {
    const s = createTestSession({ model: Arena, tickMs: TICK });
    const cs = [s.join(), s.join(), s.join(), s.join(), s.join()];
    s.advance(TICK);
    const rows = cs[0]!.model.scoreboard();
    expect(new Set(rows.map((r) => r.colour)).size).toBe(5);
    expect(new Set(rows.map((r) => r.name)).size).toBe(5);
    cs[0]!.publish(s.sessionId, INPUT_EVENT, { viewId: cs[0]!.viewId, thrust: "yes", aimX: NaN, aimY: Infinity });
    cs[1]!.publish(s.sessionId, INPUT_EVENT, { viewId: "nobody", thrust: 1 });
    cs[2]!.publish(s.sessionId, INPUT_EVENT, null);
    s.advance(TICK);
    expect(new Set(s.hashes()).size).toBe(1);
    expect(cs[0]!.runtime.errors).toEqual([]); // bad payloads are dropped, not thrown on
  });

  it("names a player from viewData, cleaned and cut to MAX_NAME", () => {
    const s = createTestSession({ model: Arena, tickMs: TICK });
    const a = s.join({ name: "  Ada   Lovelace  " });
    const b = s.join({ name: "x".repeat(100) });
    s.advance(TICK);
    expect(a.model.players.get(a.viewId)!.name).toBe("Ada Lovelace");
    expect(a.model.players.get(b.viewId)!.name).toBe("x".repeat(MAX_NAME));
  });

  it("steers toward the pointer with deterministic trig", () => {
    const s = createTestSession({ model: Arena, tickMs: TICK });
    const a = s.join();
    s.advance(TICK); // the ship is spawned by the first step
    const me = shipState(a, a.viewId);
    input(s, a, { thrust: 0, aimX: me.x, aimY: me.y + 200 }); // straight down: +π/2
    s.advance(1000);
    const angle = a.model.world.store(Angle).angle[me.e]!;
    expect(Math.abs(angle - dmath.PI / 2)).toBeLessThan(1e-5);
  });
});
