// Pure, sans-IO session logic of the reflector: stamps events with (time, seq), emits
// heartbeat ticks when idle, announces joins and exits, keeps the latest snapshot plus the
// stream after it for late joiners, and elects the client asked for snapshots.
// It takes wall-clock readings as arguments and returns messages; sockets live elsewhere.
import {
  DEFAULT_SEND_LIMITS,
  seqAfter,
  StreamKind,
  type SendLimits,
  type EncodedStamped,
  type JoinedMsg,
  type ServerMsg,
  type SnapshotRef,
  type Stamped,
} from "../../engine/src/protocol/messages.ts";
import { decodeEncodedStamped, StampedLog } from "./stamped-log.ts";

export interface SequencerOptions {
  /** Heartbeat interval in ms when no event carries time (default 50 = 20/s). */
  tickMs?: number;
  /** Ask for a fresh snapshot every this many ms of session time (default 10 000: bounds a late joiner's replay). */
  snapshotIntervalMs?: number;
  /** First seq to stamp (tests start near the 32-bit wrap). */
  initialSeq?: number;
  /** The send budget JOINED tells each client (the reflector enforces it per connection). */
  sendLimits?: SendLimits;
}

/** Where an outgoing message goes: one connection, or every joined connection of the session. */
export type Target = string | "*";
export interface Outgoing {
  to: Target;
  msg: ServerMsg;
  /** With "*": a connection that must not get this message (a joiner gets its JOIN inside JOINED). */
  except?: string;
}

interface Client {
  conn: string;
  viewId: string;
  viewData: Uint8Array;
  joinedAt: number;
}

/** Persistent part of a session (what storage keeps). */
export interface SessionState {
  time: number;
  nextSeq: number;
  snapshot: SnapshotRef | null;
  /** Stream messages after the snapshot (all of them when there is none), kept encoded. */
  log: StampedLog;
  /** Highest client seq stamped per viewId (dedupe across reconnects). */
  clientSeqs: Map<string, number>;
}

export function emptySessionState(initialSeq = 0): SessionState {
  return { time: 0, nextSeq: initialSeq >>> 0, snapshot: null, log: new StampedLog(), clientSeqs: new Map() };
}

/**
 * A JOINED carrying the log's bytes as they are; its `events` are decoded only if someone reads
 * them (the in-memory test session does; the reflector's codec writes the bytes).
 */
function joinedMsg(viewId: string, snapshot: SnapshotRef | null, encodedEvents: EncodedStamped, time: number, lastClientSeq: number, limits: SendLimits): JoinedMsg {
  let events: Stamped[] | null = null;
  return {
    type: "joined",
    viewId,
    snapshot,
    encodedEvents,
    get events(): Stamped[] {
      events ??= decodeEncodedStamped(encodedEvents);
      return events;
    },
    time,
    lastClientSeq,
    limits,
  };
}

export class Sequencer {
  readonly tickMs: number;
  readonly snapshotIntervalMs: number;
  readonly sendLimits: SendLimits;
  readonly state: SessionState;
  private readonly clients = new Map<string, Client>();
  /** Wall-clock reading that corresponds to `baseTime`; null while nobody is connected (time is paused). */
  private baseWall: number | null = null;
  private baseTime: number;
  private lastSentTime = 0;
  private lastSnapshotRequest = 0;
  /** The client last asked for a snapshot that has not delivered one since, and when (session time). */
  private asked: string | null = null;
  private askedAt = 0;
  /**
   * Clients that were asked and did not deliver by the next request: passed over by the
   * election, so one client that never answers (broken, malicious, asleep) cannot stop the
   * session's snapshots — without them the log, and every late joiner's replay, grows forever.
   */
  private readonly silent = new Set<string>();
  /** Called with each stamped message before it is relayed (storage appends it). */
  onStamp: ((m: Stamped) => void) | null = null;
  onSnapshot: ((s: SnapshotRef) => void) | null = null;

  constructor(readonly sessionId: string, options: SequencerOptions = {}, state?: SessionState) {
    this.tickMs = options.tickMs ?? 50;
    this.snapshotIntervalMs = options.snapshotIntervalMs ?? 10_000;
    this.sendLimits = options.sendLimits ?? DEFAULT_SEND_LIMITS;
    this.state = state ?? emptySessionState(options.initialSeq);
    this.baseTime = this.state.time;
    this.lastSentTime = this.state.time;
    this.lastSnapshotRequest = this.state.snapshot?.time ?? 0;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Session time: advances with the wall clock while anyone is connected, never backwards. */
  time(now: number): number {
    if (this.baseWall !== null) {
      const t = this.baseTime + Math.max(0, now - this.baseWall);
      if (t > this.state.time) this.state.time = t;
    }
    return this.state.time;
  }

  has(conn: string): boolean {
    return this.clients.has(conn);
  }

  viewIdOf(conn: string): string | undefined {
    return this.clients.get(conn)?.viewId;
  }

  /** A client joins (or rejoins): it gets the snapshot + tail, everyone gets its view-join. */
  join(conn: string, viewId: string, viewData: Uint8Array, now: number, announce = true): Outgoing[] {
    if (this.clients.size === 0) {
      this.baseWall = now;
      this.baseTime = this.state.time;
    }
    const out: Outgoing[] = [];
    this.clients.set(conn, { conn, viewId, viewData, joinedAt: now });
    if (announce) for (const o of this.stamp(StreamKind.JOIN, viewId, viewData, now)) out.push({ ...o, except: conn });
    out.push({ to: conn, msg: joinedMsg(viewId, this.state.snapshot, this.state.log.encoded(), this.time(now), this.state.clientSeqs.get(viewId) ?? 0, this.sendLimits) });
    // a fresh snapshot shortens the next joiner's replay
    const request = this.requestSnapshot(now, conn);
    if (request) out.push(request);
    return out;
  }

  /** A client leaves; with `announce` its view-exit is stamped now. */
  leave(conn: string, now: number, announce = true): Outgoing[] {
    const c = this.clients.get(conn);
    if (!c) return [];
    const out = announce ? this.exit(c.viewId, c.viewData, now) : [];
    this.clients.delete(conn);
    this.silent.delete(conn);
    if (this.asked === conn) this.asked = null;
    if (this.clients.size === 0) {
      this.baseTime = this.time(now);
      this.baseWall = null;
    }
    return out;
  }

  /** Stamps a view-exit for a view that is no longer connected (after the reconnect grace). */
  exit(viewId: string, viewData: Uint8Array, now: number): Outgoing[] {
    return this.stamp(StreamKind.EXIT, viewId, viewData, now);
  }

  /** A client event: stamped and relayed to everyone, sender included; repeats are dropped. */
  send(conn: string, clientSeq: number, payload: Uint8Array, now: number): Outgoing[] {
    const c = this.clients.get(conn);
    if (!c) return [];
    const last = this.state.clientSeqs.get(c.viewId) ?? 0;
    if (clientSeq <= last) return []; // a resend we already stamped
    this.state.clientSeqs.set(c.viewId, clientSeq);
    return this.stamp(StreamKind.EVENT, c.viewId, payload, now);
  }

  /** Keeps an uploaded snapshot if it is newer than the current one, and drops the log before it. */
  uploadSnapshot(conn: string, snapshot: SnapshotRef): void {
    if (!this.clients.has(conn)) return;
    const current = this.state.snapshot;
    if (current && !seqAfter(snapshot.seq, current.seq)) return;
    const log = this.state.log;
    // the snapshot must cover a prefix of our log, else it is bogus or stale
    const cut = log.indexOfSeq(snapshot.seq);
    if (cut < 0) return;
    this.silent.delete(conn);
    if (this.asked === conn) this.asked = null;
    this.state.snapshot = snapshot;
    log.dropThrough(cut);
    this.onSnapshot?.(snapshot);
  }

  /** Heartbeat and periodic snapshot requests; call often (at least every tickMs). */
  poll(now: number): Outgoing[] {
    if (this.clients.size === 0) return [];
    const out: Outgoing[] = [];
    const t = this.time(now);
    if (t - this.lastSentTime >= this.tickMs) {
      this.lastSentTime = t;
      out.push({ to: "*", msg: { type: "tick", time: t } });
    }
    if (t - this.lastSnapshotRequest >= this.snapshotIntervalMs) {
      const request = this.requestSnapshot(now);
      if (request) out.push(request);
    }
    return out;
  }

  /** Asks the elected client for a snapshot now (the session's backlog is full), if anyone is connected. */
  requestSnapshotNow(now: number): Outgoing[] {
    const request = this.requestSnapshot(now);
    return request ? [request] : [];
  }

  /**
   * Asks the elected client for a snapshot. A client asked at least one snapshot interval ago
   * that has not delivered since is passed over (a big world on a slow link may take a while,
   * so it gets a whole interval, not a fixed few seconds).
   */
  private requestSnapshot(now: number, except?: string): Outgoing | null {
    const t = this.time(now);
    if (this.asked !== null && t - this.askedAt >= this.snapshotIntervalMs) this.silent.add(this.asked);
    const elected = this.elected(except);
    if (!elected) return null;
    if (elected.conn !== this.asked) {
      this.asked = elected.conn;
      this.askedAt = t;
    }
    this.lastSnapshotRequest = t;
    return { to: elected.conn, msg: { type: "snap-request" } };
  }

  /**
   * Wall-clock reading at which `poll` next has something to do (a tick, a snapshot request),
   * assuming no event carries time before then; Infinity while nobody is connected. A caller
   * that polls at this moment (rather than on a fixed short interval) ticks on time and sleeps
   * otherwise. Events push the tick later, so an early poll just finds nothing to do.
   */
  nextDue(now: number): number {
    if (this.clients.size === 0) return Infinity;
    const t = this.time(now);
    const tick = this.lastSentTime + this.tickMs;
    const snapshot = this.lastSnapshotRequest + this.snapshotIntervalMs;
    return now + Math.max(0, Math.min(tick, snapshot) - t);
  }

  /**
   * The client asked for snapshots: the longest-connected one (other than `except`) that has
   * not let a request go unanswered; when every candidate has, they all get another chance.
   */
  elected(except?: string): Client | undefined {
    let fallback: Client | undefined;
    for (const c of this.clients.values()) {
      if (c.conn === except) continue;
      if (!this.silent.has(c.conn)) return c;
      fallback ??= c;
    }
    if (fallback) this.silent.clear();
    return fallback;
  }

  connections(): string[] {
    return [...this.clients.keys()];
  }

  private stamp(kind: Stamped["kind"], viewId: string, payload: Uint8Array, now: number): Outgoing[] {
    const seq = this.state.nextSeq;
    this.state.nextSeq = (seq + 1) >>> 0;
    const time = this.time(now);
    this.lastSentTime = time;
    const m: Stamped = { kind, time, seq, viewId, payload };
    this.state.log.push(m);
    this.onStamp?.(m);
    return [{ to: "*", msg: { type: "event", event: m } }];
  }
}
