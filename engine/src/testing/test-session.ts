// createTestSession: N headless clients on an in-memory reflector with a controllable clock.
// The reflector is the real sans-IO sequencer; only the sockets are replaced by queues.
import { Sequencer, type Outgoing, type SequencerOptions } from "../../../reflector/src/sequencer.ts";
import type { Model } from "../model/model.ts";
import type { Runtime } from "../model/runtime.ts";
import { encodeValue } from "../model/values.ts";
import type { ServerMsg } from "../protocol/messages.ts";
import { Controller } from "../session/controller.ts";

export interface TestSessionOptions<M extends Model> extends SequencerOptions {
  model: { prototype: M };
  options?: unknown;
  sessionId?: string;
}

export interface TestClient<M extends Model> {
  readonly viewId: string;
  /** The root model (read it, never write it). */
  readonly model: M;
  readonly runtime: Runtime;
  readonly controller: Controller;
  /** Sends a view event through the reflector; applied during the next advance. */
  publish(scope: string, event: string, data?: unknown): void;
  hash(): string;
  snapshot(): Uint8Array;
  leave(): void;
  readonly connected: boolean;
}

export interface TestSession<M extends Model> {
  readonly sessionId: string;
  readonly sequencer: Sequencer;
  /** Clock reading in ms since the session was created. */
  readonly now: number;
  readonly clients: readonly TestClient<M>[];
  join(viewData?: unknown): TestClient<M>;
  /** Walks the clock forward, emitting a tick at each multiple of tickMs, and lets every client process its inbox. */
  advance(ms: number): void;
  /** Hashes of all connected clients. */
  hashes(): string[];
  close(): void;
}

export function createTestSession<M extends Model>(opts: TestSessionOptions<M>): TestSession<M> {
  const sessionId = opts.sessionId ?? "test-session";
  const sequencer = new Sequencer(sessionId, opts);
  const tickMs = sequencer.tickMs;
  let now = 0;
  let nextConn = 1;
  const inboxes = new Map<string, ServerMsg[]>();
  const controllers = new Map<string, Controller>();
  const clients: TestClient<M>[] = [];

  const deliver = (out: Outgoing[]): void => {
    for (const o of out) {
      if (o.to === "*") {
        for (const [conn, inbox] of inboxes) if (conn !== o.except) inbox.push(o.msg);
      } else inboxes.get(o.to)?.push(o.msg);
    }
  };

  const drain = (conn: string): void => {
    const inbox = inboxes.get(conn);
    const ctl = controllers.get(conn);
    if (!inbox || !ctl) return;
    for (const msg of inbox) ctl.receive(msg);
    inbox.length = 0;
    for (const reply of ctl.pump()) {
      if (reply.type === "snap-upload") sequencer.uploadSnapshot(conn, reply.snapshot);
    }
  };
  const drainAll = (): void => {
    // replies (snapshot uploads) never produce new messages, so one pass per client suffices
    for (const conn of [...inboxes.keys()]) drain(conn);
  };

  const session: TestSession<M> = {
    sessionId,
    sequencer,
    get now() {
      return now;
    },
    clients,
    join(viewData?: unknown) {
      const conn = `c${nextConn++}`;
      const viewId = `view-${conn}`;
      const ctl = new Controller({ sessionId, model: opts.model, options: opts.options });
      controllers.set(conn, ctl);
      inboxes.set(conn, []);
      deliver(sequencer.join(conn, viewId, viewData === undefined ? new Uint8Array(0) : encodeValue(viewData, "viewData"), now));
      drain(conn); // the joiner is current right away; others see the join at the next advance
      let connected = true;
      const client: TestClient<M> = {
        viewId,
        get model() {
          return ctl.model as M;
        },
        get runtime() {
          return ctl.runtime!;
        },
        controller: ctl,
        publish(scope, event, data) {
          if (!connected) throw new Error(`${viewId} has left`);
          const msg = ctl.send(scope, event, data);
          if (msg.type === "send") deliver(sequencer.send(conn, msg.clientSeq, msg.payload, now));
        },
        hash: () => ctl.hash(),
        snapshot: () => ctl.snapshot(),
        leave() {
          if (!connected) return;
          connected = false;
          inboxes.delete(conn);
          controllers.delete(conn);
          clients.splice(clients.indexOf(client), 1);
          deliver(sequencer.leave(conn, now));
        },
        get connected() {
          return connected;
        },
      };
      clients.push(client);
      return client;
    },
    advance(ms: number) {
      if (!(ms >= 0)) throw new Error(`advance(${ms}): ms must be ≥ 0`);
      const target = now + ms;
      drainAll();
      for (let t = (Math.floor(now / tickMs) + 1) * tickMs; t <= target; t += tickMs) {
        now = t;
        deliver(sequencer.poll(now));
        drainAll();
      }
      now = target;
      drainAll();
    },
    hashes: () => clients.map((c) => c.hash()),
    close() {
      for (const c of clients.slice()) c.leave();
    },
  };
  return session;
}
