// The Croquet side of the vs-croquet bench: Croquet 2.0.4 (installed apart, in bench/croquet)
// loaded in this process, the Swarm workload written as Croquet models, and a driver that
// runs a session with Croquet's own offline reflector (`debug: "offline"`, `step: "manual"`)
// and forces catch-up by moving the reflector time forward, exactly what a TICK does.
//
// Two ways a Croquet user writes the bouncing entities:
// - "objects" (the primary baseline): one `Ball` Model per entity, held in an array by the root
//   model, whose `step()` moves every ball and re-schedules itself with `this.future(1000/60)`
//   — the structure of Croquet's own Multiblaster game (one main loop over child models).
// - "arrays": one model holding Float32Array columns (like Tandem's stores), stepped the same way.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** Where the Croquet install lives (its own package.json and lockfile; never the root install). */
export const CROQUET_DIR = fileURLToPath(new URL("./croquet/", import.meta.url));
export const CROQUET_VERSION = "2.0.4";

export function croquetInstalled(): boolean {
  return existsSync(`${CROQUET_DIR}node_modules/@croquet/croquet/package.json`);
}

// ---- the little of Croquet's API this bench uses (its types.d.ts may not be installed) ----

interface CroquetModel {
  readonly id: string;
  readonly sessionId: string;
  init(options?: unknown): void;
  random(): number;
  future(ms?: number): this;
  subscribe(scope: string, event: string, handler: (data: never) => void): void;
  destroy(): void;
}
interface CroquetModelClass {
  new (secret: never): CroquetModel;
  create(options?: unknown): CroquetModel;
  register(classId: string): void;
}
interface CroquetView {
  publish(scope: string, event: string, data?: unknown): void;
}
interface CroquetViewClass {
  new (model: never): CroquetView;
}
/** Croquet's session controller (internal, reached through a view's realm). */
export interface CroquetController {
  vm: { time: number; seq: number; snapshot(): unknown };
  reflectorTime: number;
  networkQueue: unknown[];
  connection: { socket: CroquetOfflineSocket | null };
  simulateIfNeeded?: (() => void) | null;
  simulate(deadline: number): boolean | "error";
  timeFromReflector(time: number, source: string): void;
  receive(action: string, args: unknown): Promise<void>;
  takeSnapshot(): unknown;
}
interface CroquetOfflineSocket {
  ticker?: ReturnType<typeof setInterval>;
  send(data: string): void;
}
interface CroquetSession {
  id: string;
  model: CroquetModel;
  leave(): Promise<unknown>;
}
export interface CroquetApi {
  VERSION: string;
  Model: CroquetModelClass;
  View: CroquetViewClass;
  Session: { join(params: Record<string, unknown>): Promise<CroquetSession> };
}

let api: CroquetApi | null = null;

/** Loads Croquet (CommonJS, Node build) from bench/croquet/node_modules, once. */
export function loadCroquet(): CroquetApi {
  if (api) return api;
  const require = createRequire(`${CROQUET_DIR}package.json`);
  const mod = require("@croquet/croquet") as CroquetApi;
  if (mod.VERSION !== CROQUET_VERSION) throw new Error(`expected Croquet ${CROQUET_VERSION}, found ${mod.VERSION}`);
  api = mod;
  defineModels(mod);
  return mod;
}

// ---- the Swarm workload as Croquet models ----

export const WIDTH = 1000;
export const HEIGHT = 1000;
export const STEP_MS = 1000 / 60;
const DT = 1 / 60;

export interface CroquetSwarm extends CroquetModel {
  /** Steps run so far. */
  steps: number;
  /** Events handled so far. */
  events: number;
  /** Live entities. */
  readonly count: number;
}

export type Variant = "objects" | "arrays";
const roots = new Map<Variant, CroquetModelClass>();

function defineModels(C: CroquetApi): void {
  class Ball extends C.Model {
    // Class-field initialisers (as a TypeScript Croquet user writes them): the fields exist from
    // construction on, so V8 can keep them in-object; init() then stores the doubles.
    x = 0;
    y = 0;
    vx = 0;
    vy = 0;

    override init(o: { x: number; y: number; vx: number; vy: number }) {
      super.init(o);
      this.x = o.x;
      this.y = o.y;
      this.vx = o.vx;
      this.vy = o.vy;
    }

    /** Move + bounce: the same math as Tandem's `move` and `bounce` systems. */
    step(dt: number) {
      this.x += this.vx * dt;
      this.y += this.vy * dt;
      if (this.x < 0) { this.x = -this.x; this.vx = -this.vx; }
      else if (this.x > WIDTH) { this.x = 2 * WIDTH - this.x; this.vx = -this.vx; }
      if (this.y < 0) { this.y = -this.y; this.vy = -this.vy; }
      else if (this.y > HEIGHT) { this.y = 2 * HEIGHT - this.y; this.vy = -this.vy; }
    }
  }
  Ball.register("BenchBall");

  class SwarmObjects extends C.Model implements CroquetSwarm {
    balls: Ball[] = [];
    steps = 0;
    events = 0;

    override init(o: { initial: number }) {
      super.init(o);
      for (let i = 0; i < o.initial; i++) this.add(this.random() * WIDTH, this.random() * HEIGHT);
      this.subscribe(this.sessionId, "spawn", this.spawn);
      this.subscribe(this.sessionId, "remove", this.remove);
      this.future(STEP_MS).step();
    }

    get count(): number {
      return this.balls.length;
    }

    add(x: number, y: number) {
      this.balls.push(Ball.create({ x, y, vx: (this.random() - 0.5) * 200, vy: (this.random() - 0.5) * 200 }) as Ball);
    }

    spawn(at: { x: number; y: number; count: number }) {
      this.events++;
      for (let i = 0; i < at.count; i++) this.add(at.x, at.y);
    }

    remove(n: number) {
      this.events++;
      for (const b of this.balls.splice(0, n)) b.destroy();
    }

    step() {
      const balls = this.balls;
      for (let i = 0; i < balls.length; i++) balls[i]!.step(DT);
      this.steps++;
      this.future(STEP_MS).step();
    }
  }
  SwarmObjects.register("BenchSwarmObjects");

  class SwarmArrays extends C.Model implements CroquetSwarm {
    n = 0;
    px: Float32Array = new Float32Array(16);
    py: Float32Array = new Float32Array(16);
    vx: Float32Array = new Float32Array(16);
    vy: Float32Array = new Float32Array(16);
    steps = 0;
    events = 0;

    override init(o: { initial: number }) {
      super.init(o);
      this.grow(Math.max(16, o.initial));
      for (let i = 0; i < o.initial; i++) this.add(this.random() * WIDTH, this.random() * HEIGHT);
      this.subscribe(this.sessionId, "spawn", this.spawn);
      this.subscribe(this.sessionId, "remove", this.remove);
      this.future(STEP_MS).step();
    }

    get count(): number {
      return this.n;
    }

    grow(cap: number) {
      const more = (a: Float32Array): Float32Array => {
        const b = new Float32Array(cap);
        b.set(a.subarray(0, this.n));
        return b;
      };
      this.px = more(this.px);
      this.py = more(this.py);
      this.vx = more(this.vx);
      this.vy = more(this.vy);
    }

    add(x: number, y: number) {
      if (this.n === this.px.length) this.grow(this.n * 2);
      const i = this.n++;
      this.px[i] = x;
      this.py[i] = y;
      this.vx[i] = (this.random() - 0.5) * 200;
      this.vy[i] = (this.random() - 0.5) * 200;
    }

    spawn(at: { x: number; y: number; count: number }) {
      this.events++;
      for (let i = 0; i < at.count; i++) this.add(at.x, at.y);
    }

    /** Removes the oldest n entities (keeps the order, like Tandem's ascending eids). */
    remove(count: number) {
      this.events++;
      const k = Math.min(count, this.n);
      for (const a of [this.px, this.py, this.vx, this.vy]) a.copyWithin(0, k, this.n);
      this.n -= k;
    }

    step() {
      const n = this.n, px = this.px, py = this.py, vx = this.vx, vy = this.vy;
      for (let i = 0; i < n; i++) {
        px[i] = px[i]! + vx[i]! * DT;
        py[i] = py[i]! + vy[i]! * DT;
      }
      for (let i = 0; i < n; i++) {
        if (px[i]! < 0) { px[i] = -px[i]!; vx[i] = -vx[i]!; }
        else if (px[i]! > WIDTH) { px[i] = 2 * WIDTH - px[i]!; vx[i] = -vx[i]!; }
        if (py[i]! < 0) { py[i] = -py[i]!; vy[i] = -vy[i]!; }
        else if (py[i]! > HEIGHT) { py[i] = 2 * HEIGHT - py[i]!; vy[i] = -vy[i]!; }
      }
      this.steps++;
      this.future(STEP_MS).step();
    }
  }
  SwarmArrays.register("BenchSwarmArrays");

  roots.set("objects", SwarmObjects);
  roots.set("arrays", SwarmArrays);
}

// ---- driving a session ----

/** Reflector args of a SEND, captured as the offline reflector saw them: [time, seq, encrypted payload, …]. */
type SendArgs = [number, number, ...unknown[]];

export interface CroquetRun {
  variant: Variant;
  entities: number;
  model: CroquetSwarm;
  controller: CroquetController;
  /** Runs `steps` more 60 Hz steps as one catch-up (reflector time moved forward, then simulate). */
  step(steps: number): number;
  /**
   * Catch-up with player input: delivers `seconds` seconds of stream — one event per second
   * (spawn 10 / remove 10, alternating), each through the controller's RECV path (decrypt +
   * decode), then the reflector time at the end — and simulates all of it. Returns steps run.
   */
  catchUp(seconds: number): number;
  /** The snapshot Croquet uploads: JSON text of `takeSnapshot()` (gzip level 1 + encryption on upload). */
  snapshotJson(): string;
  leave(): Promise<void>;
}

let sessionCounter = 0;

/**
 * Joins a fresh offline session whose root is the given variant with n entities, captures the
 * encrypted payloads of one spawn and one remove event (published by the view, echoed by the
 * offline reflector), then stops the offline reflector's wall-clock ticker and Croquet's
 * background stepping so the bench alone moves time.
 */
export async function startCroquet(variant: Variant, n: number): Promise<CroquetRun> {
  const C = loadCroquet();
  const Root = roots.get(variant)!;
  let controller: CroquetController | null = null;
  let view: CroquetView | null = null;
  class BenchView extends C.View {
    constructor(model: never) {
      super(model);
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      view = this;
      controller = (this as unknown as { realm: { controller: CroquetController } }).realm.controller;
    }
  }
  const session = await C.Session.join({
    apiKey: "offline",
    appId: "io.tandem.bench",
    name: `vs-croquet-${variant}-${n}-${++sessionCounter}`,
    password: "bench",
    model: Root,
    view: BenchView,
    options: { initial: n },
    step: "manual",
    autoSleep: false,
    debug: ["offline"],
  });
  const ctl = controller as CroquetController | null;
  const v = view as CroquetView | null;
  if (!ctl || !v) throw new Error("Croquet view was not created");
  const model = session.model as CroquetSwarm;
  if (model.count !== n) throw new Error(`Croquet ${variant} swarm has ${model.count} entities, expected ${n}`);

  // capture one spawn and one remove as the reflector receives them
  const socket = ctl.connection.socket;
  if (!socket) throw new Error("Croquet offline socket missing");
  const sent: SendArgs[] = [];
  const send = socket.send.bind(socket);
  socket.send = (data: string) => {
    const m = JSON.parse(data) as { action: string; args: SendArgs };
    if (m.action === "SEND") sent.push(m.args);
    send(data);
  };
  const eventsBefore = model.events;
  v.publish(session.id, "spawn", { x: WIDTH / 2, y: HEIGHT / 2, count: 10 });
  v.publish(session.id, "remove", 10);
  for (let i = 0; i < 100 && (model.events < eventsBefore + 2 || ctl.networkQueue.length > 0); i++) {
    await new Promise((r) => setTimeout(r, 20));
    ctl.simulate(Number.MAX_SAFE_INTEGER);
  }
  if (sent.length !== 2 || model.events !== eventsBefore + 2) throw new Error(`could not capture Croquet events (sent ${sent.length}, handled ${model.events - eventsBefore})`);
  socket.send = send;
  if (socket.ticker !== undefined) clearInterval(socket.ticker);
  ctl.simulateIfNeeded = null;
  const [spawnArgs, removeArgs] = sent as [SendArgs, SendArgs];

  const simulateAll = (): void => {
    const r = ctl.simulate(Number.MAX_SAFE_INTEGER);
    if (r !== true) throw new Error(`Croquet simulate returned ${String(r)}`);
  };

  return {
    variant,
    entities: n,
    model,
    controller: ctl,
    step(steps) {
      const before = model.steps;
      ctl.timeFromReflector(ctl.vm.time + steps * STEP_MS, "reflector");
      simulateAll();
      return model.steps - before;
    },
    catchUp(seconds) {
      const before = model.steps, events = model.events;
      const t0 = ctl.vm.time;
      let seq = ctl.vm.seq;
      for (let s = 0; s < seconds; s++) {
        const args = s % 2 === 0 ? spawnArgs : removeArgs;
        seq = (seq + 1) >>> 0;
        void ctl.receive("RECV", [Math.round(t0 + s * 1000 + 500), seq, ...args.slice(2)]);
      }
      void ctl.receive("TICK", { time: t0 + seconds * 1000 });
      simulateAll();
      if (model.events !== events + seconds) throw new Error(`Croquet handled ${model.events - events} events, expected ${seconds}`);
      if (seconds % 2 === 0 && model.count !== n) throw new Error(`Croquet swarm has ${model.count} entities after the catch-up, expected ${n}`);
      return model.steps - before;
    },
    snapshotJson() {
      return JSON.stringify(ctl.takeSnapshot());
    },
    async leave() {
      await session.leave();
    },
  };
}
