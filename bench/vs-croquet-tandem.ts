// The Tandem side of the vs-croquet bench: the Swarm game model (games/swarm) driven like a
// client that is catching up — model time moved forward by many steps at once — and a client
// Controller fed with a stretch of the ordered stream (stamped events + a tick), the path a
// reconnecting or late-joining browser takes after it has its snapshot.
import { deflateSync } from "fflate";
import { Controller, encodeSnapshot } from "tandem";
import { DEFAULT_SEND_LIMITS, type ServerMsg } from "../engine/src/protocol/messages.ts";
import { HEIGHT, Swarm, WIDTH } from "../games/swarm/model.ts";
import { startSwarm } from "./swarm-fixtures.ts";

export interface TandemRun {
  entities: number;
  /** Runs `steps` more steps with one `advanceTo` (as fast as the runtime can catch up). Returns steps run. */
  step(steps: number): number;
  /** The snapshot bytes as the client uploads them (encodeSnapshot, then fflate deflate level 1). */
  snapshotWire(): { raw: number; wire: number };
}

/** A Swarm runtime with n entities (the root model started at time 0). */
export function startTandem(n: number): TandemRun {
  const { rt, root } = startSwarm(`vs-croquet-${n}`, n);
  const world = root.world;
  return {
    entities: n,
    step(steps) {
      const before = world.stepCount;
      rt.advanceTo(world.stepTime(world.stepCount + steps));
      return world.stepCount - before;
    },
    snapshotWire() {
      const raw = encodeSnapshot(rt);
      return { raw: raw.length, wire: deflateSync(raw, { level: 1 }).length };
    },
  };
}

export interface TandemCatchUp {
  entities: number;
  /** Same contract as CroquetRun.catchUp: `seconds` of stream, one spawn/remove event per second. */
  catchUp(seconds: number): number;
}

/** A synced client Controller whose session holds a Swarm of n entities. */
export function startTandemClient(n: number): TandemCatchUp {
  const sessionId = `vs-croquet-client-${n}`;
  const ctl = new Controller({ sessionId, model: Swarm, options: { initial: n } });
  let seq = 0;
  let time = 0;
  const join: ServerMsg = {
    type: "joined",
    viewId: "bench",
    snapshot: null,
    limits: DEFAULT_SEND_LIMITS,
    events: [{ kind: 1, time, seq, viewId: "bench", payload: new Uint8Array(0) }],
    time,
    lastClientSeq: 0,
  };
  ctl.receive(join);
  ctl.pump();
  const rt = ctl.runtime;
  const root = ctl.model as Swarm | undefined;
  if (!rt || !root || root.world.entityCount !== n) throw new Error("Tandem client did not start its Swarm");
  const world = root.world;
  // the payloads a view would send (encoded once, like the reflector relays them unchanged)
  const spawn = ctl.send(sessionId, "spawn", { x: WIDTH / 2, y: HEIGHT / 2, count: 10 }).payload;
  const remove = ctl.send(sessionId, "remove", 10).payload;
  return {
    entities: n,
    catchUp(seconds) {
      const before = world.stepCount;
      const t0 = time;
      for (let s = 0; s < seconds; s++) {
        seq = (seq + 1) >>> 0;
        ctl.receive({ type: "event", event: { kind: 0, time: t0 + s * 1000 + 500, seq, viewId: "bench", payload: s % 2 === 0 ? spawn : remove } });
      }
      time = t0 + seconds * 1000;
      ctl.receive({ type: "tick", time });
      ctl.pump();
      if (rt.errors.length > 0) throw new Error(`Tandem model error: ${String(rt.errors[0]!.error)}`);
      if (seconds % 2 === 0 && world.entityCount !== n) throw new Error(`Tandem client has ${world.entityCount} entities after the catch-up, expected ${n}`);
      return world.stepCount - before;
    },
  };
}
