// One live session on the reflector: wraps the sans-IO Sequencer with its connections,
// storage, reconnect graces, desync table and relay batching. Everything stamped in one
// event-loop turn is persisted first, then relayed as one frame per connection (the
// broadcast part encoded once and shared). Knows Links, never `ws`.
import { encodeServerMsgs } from "../../engine/src/protocol/codec.ts";
import { ErrorCode, StreamKind, type RefusedMsg, type ServerMsg, type SnapshotRef } from "../../engine/src/protocol/messages.ts";
import { DesyncTable } from "./desync.ts";
import { CloseCode, type Link } from "./link.ts";
import { LogBudget, SessionBacklog } from "./log-budget.ts";
import type { ResolvedOptions } from "./options.ts";
import { planRelay, type RelayPlan } from "./relay-plan.ts";
import { Sequencer, type Outgoing } from "./sequencer.ts";
import type { RelayStats } from "./stats.ts";
import type { LogRecord, SessionStore } from "./storage/types.ts";

/** Client events (EVENT messages of kind EVENT) among a batch's messages. */
function countEvents(msgs: readonly ServerMsg[]): number {
  let n = 0;
  for (const m of msgs) if (m.type === "event" && m.event.kind === StreamKind.EVENT) n++;
  return n;
}

interface Member {
  conn: string;
  link: Link;
  viewId: string;
  viewData: Uint8Array;
  /** Index in `pending` from which this member receives (it joined in the current turn). */
  from: number;
  /** Snapshot requests sent to it and not answered yet (an upload answers one). */
  snapRequests: number;
  /** Extra backlog tolerated while the (possibly large) JOINED frame drains. */
  allowance: number;
}

/** Fastest heartbeat a client may ask for: 60 ticks/s (one per 60 Hz frame). */
export const MAX_TPS = 60;

/** A session's tick interval: the client's tps (1..60) when given, else the reflector's default. */
export function sessionTickMs(defaultTickMs: number, tps?: number): number {
  if (tps === undefined || !(tps > 0)) return defaultTickMs;
  return 1000 / Math.min(MAX_TPS, Math.max(1, tps));
}

export type JoinResult = { ok: true } | { ok: false; code: ErrorCode; message: string; close: number };

export interface HostHooks {
  /** The session has had no clients for idleMs: unload it. */
  onIdle(host: SessionHost): void;
  /** Storage failed: the session was closed and must be reloaded from storage. */
  onFailed(host: SessionHost): void;
  /** The reflector's counters (events, frames, residence), if it keeps them. */
  stats?: RelayStats;
  /** Bytes of stamped events held by all live sessions (default: one for this session alone). */
  budget?: LogBudget;
}

export class SessionHost {
  readonly sequencer: Sequencer;
  private readonly members = new Map<string, Member>();
  private readonly graces = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly desync = new DesyncTable();
  private pending: Outgoing[] = [];
  private records: LogRecord[] = [];
  /** When each client event in `pending` was handled (its residence is measured from there). */
  private arrivals: number[] = [];
  private chain: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  /** Model time persisted as a lease: no client has been sent a later time. */
  private horizon: number;
  private stampClientSeq = 0;
  closed = false;
  private failed = false;
  private readonly backlog: SessionBacklog;

  private constructor(
    readonly id: string,
    private readonly opts: ResolvedOptions,
    private readonly store: SessionStore,
    private readonly hooks: HostHooks,
    private readonly clock: () => number,
    loaded: Awaited<ReturnType<SessionStore["load"]>>,
    tps?: number,
  ) {
    this.sequencer = new Sequencer(id, {
      tickMs: sessionTickMs(opts.tickMs, tps),
      snapshotIntervalMs: opts.snapshotIntervalMs,
      sendLimits: { eventsPerSecond: opts.limits.eventsPerSecond, eventBurst: opts.limits.eventBurst, maxEventBytes: opts.limits.maxEventBytes },
    }, loaded?.state);
    this.horizon = this.sequencer.state.time;
    this.sequencer.onStamp = (stamped) => this.records.push({ type: "stamp", stamped, clientSeq: this.stampClientSeq });
    this.sequencer.onSnapshot = (s) => this.enqueue(() => this.store.saveSnapshot(s), false);
    this.backlog = new SessionBacklog(hooks.budget ?? new LogBudget(opts.limits), this.sequencer.snapshotIntervalMs);
    this.noteLog();
    // views that were connected when the session was last live get a grace to come back
    for (const [viewId, viewData] of loaded?.views ?? []) this.startGrace(viewId, viewData);
    this.maybeIdle();
  }

  static async open(id: string, opts: ResolvedOptions, store: SessionStore, hooks: HostHooks, clock: () => number, tps?: number): Promise<SessionHost> {
    const loaded = await store.load();
    return new SessionHost(id, opts, store, hooks, clock, loaded, tps);
  }

  get clientCount(): number {
    return this.members.size;
  }

  isMember(conn: string): boolean {
    return this.members.has(conn);
  }

  /** A client joins (or comes back within its grace, or replaces its own stale connection). */
  join(link: Link, viewId: string, viewData: Uint8Array): JoinResult {
    if (this.closed) return { ok: false, code: ErrorCode.INTERNAL, message: "session is unloading, join again", close: CloseCode.INTERNAL };
    let existing: Member | undefined;
    for (const m of this.members.values()) if (m.viewId === viewId) existing = m;
    const max = this.opts.limits.maxClientsPerSession;
    if (this.members.size - (existing ? 1 : 0) >= max) {
      return { ok: false, code: ErrorCode.SESSION_FULL, message: `session is full (${max} clients)`, close: CloseCode.SESSION_FULL };
    }
    // a new view joining a full session: one per interval (see SessionBacklog.admitNewView),
    // asked for a snapshot at once — it may well be the client that can upload one
    let askJoiner = false;
    if (!existing && !this.graces.has(viewId)) {
      const full = this.backlogRefusal();
      if (full && !this.backlog.admitNewView(this.clock())) {
        return { ok: false, code: ErrorCode.BACKLOG_FULL, message: `${full}; new views may join one per snapshot interval, try again later`, close: CloseCode.BACKLOG_FULL };
      }
      askJoiner = full !== null;
    }
    this.clearIdle();
    const now = this.clock();
    let announce = true;
    if (existing) {
      this.members.delete(existing.conn);
      this.push(this.sequencer.leave(existing.conn, now, false));
      existing.link.close(CloseCode.REPLACED, "replaced by a newer connection of the same view");
      announce = false;
    }
    const grace = this.graces.get(viewId);
    if (grace !== undefined) {
      clearTimeout(grace);
      this.graces.delete(viewId);
      announce = false;
    }
    this.members.set(link.id, { conn: link.id, link, viewId, viewData, from: this.pending.length, snapRequests: 0, allowance: 0 });
    this.push(this.sequencer.join(link.id, viewId, viewData, now, announce));
    if (askJoiner) this.askForSnapshot([link.id]);
    return { ok: true };
  }

  /** True when the reflector already stamped this client seq (a resend): drop it quietly. */
  isDuplicate(conn: string, clientSeq: number): boolean {
    const m = this.members.get(conn);
    if (!m) return true;
    return clientSeq <= (this.sequencer.state.clientSeqs.get(m.viewId) ?? 0);
  }

  send(conn: string, clientSeq: number, payload: Uint8Array): void {
    this.stampClientSeq = clientSeq;
    const now = this.clock();
    try {
      const out = this.sequencer.send(conn, clientSeq, payload, now);
      if (out.length > 0 && this.hooks.stats) {
        this.hooks.stats.eventsIn++;
        this.arrivals.push(now);
      }
      this.push(out);
    } finally {
      this.stampClientSeq = 0;
    }
  }

  /**
   * Why a client event (or a new view's join) must be refused now, or null: the session's log
   * since its last snapshot is over its budget (see SessionBacklog, which also says when to ask
   * clients for a snapshot meanwhile).
   */
  backlogRefusal(): string | null {
    const now = this.clock();
    const full = this.backlog.check(now);
    if (full === null) return null;
    if (full.ask === "elected") this.push(this.sequencer.requestSnapshotNow(now));
    else if (full.ask === "everyone") this.askForSnapshot(this.members.keys());
    return full.why;
  }

  /** A snapshot upload; returns an error message when it was not asked for. */
  upload(conn: string, snapshot: SnapshotRef): string | null {
    const m = this.members.get(conn);
    if (!m) return null;
    if (m.snapRequests === 0) return "snapshot upload was not requested";
    m.snapRequests--;
    this.sequencer.uploadSnapshot(conn, snapshot);
    this.noteLog();
    return null;
  }

  hash(conn: string, time: number, seq: number, hash: string): void {
    const m = this.members.get(conn);
    if (!m) return;
    for (const msg of this.desync.report(m.viewId, time, seq, hash, this.clock(), this.members.size)) this.push([{ to: "*", msg }]);
  }

  /** Queues an error for a member, in order with everything else it receives. */
  error(conn: string, code: ErrorCode, message: string): boolean {
    if (!this.members.has(conn)) return false;
    this.push([{ to: conn, msg: { type: "error", code, message } }]);
    return true;
  }

  /** Queues a SEND's refusal for a member, after the stamps of everything it sent before (so its echoes come first). */
  refuse(conn: string, msg: RefusedMsg): void {
    if (this.members.has(conn)) this.push([{ to: conn, msg }]);
  }

  /** A clean LEAVE: the view-exit is stamped at once. */
  leave(conn: string): void {
    const m = this.members.get(conn);
    if (!m) return;
    this.members.delete(conn);
    this.push(this.sequencer.leave(conn, this.clock(), true));
    m.link.close(CloseCode.NORMAL, "left");
    this.maybeIdle();
  }

  /** A dropped socket: the view-exit waits for the reconnect grace. */
  disconnect(conn: string): void {
    const m = this.members.get(conn);
    if (!m) return;
    this.members.delete(conn);
    this.push(this.sequencer.leave(conn, this.clock(), false));
    this.startGrace(m.viewId, m.viewData);
    this.maybeIdle();
  }

  /** Heartbeat: ticks, snapshot requests, settled desync reports. */
  poll(now: number): void {
    if (this.closed) return;
    if (this.members.size > 0) this.push(this.sequencer.poll(now));
    if (this.desync.size > 0) for (const msg of this.desync.poll(now)) this.push([{ to: "*", msg }]);
  }

  /** Wall-clock reading at which `poll` next has work (Infinity: none until something arrives). */
  nextDue(now: number): number {
    if (this.closed) return Infinity;
    const seq = this.members.size > 0 ? this.sequencer.nextDue(now) : Infinity;
    return this.desync.size > 0 ? Math.min(seq, this.desync.nextDue()) : seq;
  }

  /** Resolves once everything queued so far has been persisted and relayed. */
  async settled(): Promise<void> {
    this.flush();
    await this.chain;
  }

  /** Unloads (idle) or shuts down: relays what is pending, then closes clients and storage. */
  async close(shutdown: boolean): Promise<void> {
    if (this.closed) return this.chain;
    this.flush();
    this.closed = true;
    this.backlog.release();
    this.clearIdle();
    for (const t of this.graces.values()) clearTimeout(t); // exits are not stamped: the views stay present in storage
    this.graces.clear();
    await this.chain;
    if (shutdown) {
      const bye = encodeServerMsgs([{ type: "error", code: ErrorCode.SHUTDOWN, message: "reflector shutting down" }]);
      for (const m of this.members.values()) {
        if (m.link.open) m.link.send(bye);
        m.link.close(CloseCode.GOING_AWAY, "reflector shutting down");
      }
    }
    this.members.clear();
    await this.store.close();
  }

  // ---------------------------------------------------------------- internals

  /** Sends a snapshot request to each of `conns` (push counts it as asked). */
  private askForSnapshot(conns: Iterable<string>): void {
    this.push([...conns].map((conn): Outgoing => ({ to: conn, msg: { type: "snap-request" } })));
  }

  /** Tells the backlog the log's size (after anything that stamps or cuts). */
  private noteLog(): void {
    this.backlog.update(this.sequencer.state.log.byteLength);
  }

  private push(out: readonly Outgoing[]): void {
    if (out.length === 0) return;
    this.noteLog();
    for (const o of out) {
      if (o.msg.type === "snap-request" && o.to !== "*") {
        const m = this.members.get(o.to);
        if (m) m.snapRequests++;
      }
      this.pending.push(o);
    }
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.guard("flush", () => this.flush());
    });
  }

  /** Takes this turn's messages and records: persist, then relay (in order, after earlier turns). */
  private flush(): void {
    if (this.failed || (this.pending.length === 0 && this.records.length === 0)) return;
    const items = this.pending;
    const records = this.records;
    this.pending = [];
    this.records = [];
    let seen = -Infinity;
    for (const o of items) {
      if (o.msg.type === "tick" || o.msg.type === "joined") seen = Math.max(seen, o.msg.time);
    }
    if (seen > this.horizon) {
      this.horizon = seen + this.opts.timeLeaseMs;
      records.push({ type: "time", time: this.horizon });
    }
    const recipients = [...this.members.values()];
    const plan = planRelay(items, recipients);
    for (const m of recipients) m.from = 0;
    const byConn = new Map(recipients.map((m) => [m.conn, m]));
    const arrivals = this.arrivals;
    this.arrivals = [];
    this.enqueue(async () => {
      if (records.length > 0) await this.store.append(records);
      this.guard("relay", () => this.deliver(plan, byConn));
      const stats = this.hooks.stats;
      if (stats) {
        const t = this.clock();
        for (const a of arrivals) stats.residence(t - a);
      }
    }, true);
  }

  private enqueue(job: () => Promise<void>, fatal: boolean): void {
    this.chain = this.chain.then(async () => {
      if (this.failed) return;
      try {
        await job();
      } catch (err) {
        if (fatal) this.fail(err);
        else this.opts.log(`session ${JSON.stringify(this.id)}: storage: ${(err as Error).message}`);
      }
    });
  }

  private deliver(plan: RelayPlan, byConn: Map<string, Member>): void {
    const stats = this.hooks.stats;
    let shared: Uint8Array | null = null;
    const sharedEvents = stats ? countEvents(plan.shared) : 0;
    for (const conn of plan.sharedTo) {
      const m = byConn.get(conn)!;
      if (this.members.get(conn) !== m) continue;
      shared ??= encodeServerMsgs(plan.shared);
      if (this.transmit(m, shared, false) && stats) {
        stats.framesOut++;
        stats.deliveries += sharedEvents;
      }
    }
    for (const [conn, msgs] of plan.own) {
      const m = byConn.get(conn)!;
      if (this.members.get(conn) !== m) continue;
      if (this.transmit(m, encodeServerMsgs(msgs), msgs.some((x: ServerMsg) => x.type === "joined")) && stats) {
        stats.framesOut++;
        stats.deliveries += countEvents(msgs);
      }
    }
  }

  /** Sends one frame to a member; false when its link was already closed. */
  private transmit(m: Member, frame: Uint8Array, catchUp: boolean): boolean {
    if (!m.link.open) return false;
    const limit = this.opts.limits.maxBufferedBytes;
    if (m.allowance > 0 && m.link.bufferedAmount <= limit) m.allowance = 0;
    m.link.send(frame);
    if (catchUp) m.allowance = frame.length;
    const backlog = m.link.bufferedAmount;
    if (backlog > limit + m.allowance) {
      this.members.delete(m.conn);
      this.push(this.sequencer.leave(m.conn, this.clock(), false));
      this.startGrace(m.viewId, m.viewData);
      m.link.close(CloseCode.SLOW_CONSUMER, `slow consumer: ${backlog} bytes unsent (limit ${limit})`);
      this.maybeIdle();
    }
    return true;
  }

  /** Runs a step of a timer or callback, logging instead of letting anything escape. */
  private guard(what: string, f: () => void): void {
    try {
      f();
    } catch (err) {
      this.opts.log(`session ${JSON.stringify(this.id)}: ${what} failed: ${(err as Error)?.stack ?? String(err)}`);
    }
  }

  private fail(err: unknown): void {
    this.failed = true;
    this.opts.log(`session ${JSON.stringify(this.id)}: storage failed, closing the session: ${(err as Error)?.stack ?? String(err)}`);
    for (const m of this.members.values()) m.link.close(CloseCode.INTERNAL, "storage failure, reconnect");
    this.members.clear();
    this.hooks.onFailed(this);
  }

  private startGrace(viewId: string, viewData: Uint8Array): void {
    for (const m of this.members.values()) if (m.viewId === viewId) return;
    const old = this.graces.get(viewId);
    if (old !== undefined) clearTimeout(old);
    this.graces.set(
      viewId,
      setTimeout(() => {
        this.graces.delete(viewId);
        if (this.closed) return;
        this.guard("view-exit", () => this.push(this.sequencer.exit(viewId, viewData, this.clock())));
        this.maybeIdle();
      }, this.opts.graceMs),
    );
  }

  private maybeIdle(): void {
    if (this.closed || this.idleTimer !== null || this.members.size > 0 || this.graces.size > 0) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (!this.closed && this.members.size === 0 && this.graces.size === 0) this.hooks.onIdle(this);
    }, this.opts.idleMs);
  }

  private clearIdle(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
