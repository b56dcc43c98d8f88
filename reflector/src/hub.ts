// Per-connection protocol handling: decodes frames, enforces the join-first rule and every
// per-client limit (frame and event rates, sizes, malformed-frame budget), and routes valid
// messages to the session's host. A bad frame gets an ERROR; a SEND that cannot be stamped
// gets a REFUSED naming its clientSeq (the client sends it again); nothing a client sends can
// throw out of here or touch another session. Knows Links, never `ws`.
import { decodeClientFrame, encodeServerMsgs, ProtocolError } from "../../engine/src/protocol/codec.ts";
import { ErrorCode, type ClientMsg, type JoinMsg, type SendMsg } from "../../engine/src/protocol/messages.ts";
import { CloseCode, type Link } from "./link.ts";
import type { ResolvedOptions } from "./options.ts";
import type { Registry } from "./registry.ts";
import type { SessionHost } from "./session-host.ts";
import { TokenBucket } from "./token-bucket.ts";

interface Conn {
  link: Link;
  phase: "new" | "joining" | "joined" | "closed";
  host: SessionHost | null;
  /** Frames that arrived while the session was loading, handled in order after JOINED. */
  queue: { data: Uint8Array; binary: boolean }[];
  frames: TokenBucket;
  bytes: TokenBucket;
  events: TokenBucket;
  errors: TokenBucket;
  bad: TokenBucket;
  joinTimer: ReturnType<typeof setTimeout> | null;
  /** Counted against its address's open connections (released on close). */
  counted: boolean;
  /** clientSeq of a SEND refused because the session's backlog was full (0: none); later ones wait for it. */
  refusedFrom: number;
}

const MAX_QUEUED = 1000;
/** A SEND refused for a full backlog may come again this much later (a snapshot upload takes about that). */
export const BACKLOG_RETRY_MS = 1000;
/** Addresses remembered with no open connection (their connect bucket still refilling); swept past this. */
const ADDRESS_SWEEP_AT = 4096;

/** What the hub knows of one remote address: its open connections and its connect rate. */
interface Peer {
  open: number;
  connects: TokenBucket;
  /** Clock reading when its last connection closed (for the sweep). */
  idleSince: number;
}
const utf8Bytes = (s: string) => Buffer.byteLength(s, "utf8");

export class Hub {
  private readonly conns = new Map<string, Conn>();
  private readonly peers = new Map<string, Peer>();
  private shuttingDown = false;

  constructor(
    private readonly opts: ResolvedOptions,
    private readonly registry: Registry,
    private readonly clock: () => number,
  ) {}

  get connectionCount(): number {
    return this.conns.size;
  }

  open(link: Link): void {
    const now = this.clock();
    const l = this.opts.limits;
    const c: Conn = {
      link,
      phase: "new",
      host: null,
      queue: [],
      frames: new TokenBucket(l.framesPerSecond, l.frameBurst, now),
      bytes: new TokenBucket(l.bytesPerSecond, l.maxSnapshotBytes + 64 * 1024, now),
      events: new TokenBucket(l.eventsPerSecond, l.eventBurst, now),
      errors: new TokenBucket(10, 20, now),
      bad: new TokenBucket(l.badFramesPerSecond, l.badFramesPerSecond * 5, now),
      joinTimer: null,
      counted: false,
      refusedFrom: 0,
    };
    this.conns.set(link.id, c);
    if (this.shuttingDown) return this.fatal(c, ErrorCode.SHUTDOWN, "reflector shutting down", CloseCode.GOING_AWAY);
    const refused = this.admit(link.address, now);
    if (refused) return this.fatal(c, ErrorCode.RATE_LIMITED, refused, CloseCode.TOO_MANY_CONNECTIONS);
    c.counted = true;
    c.joinTimer = setTimeout(() => {
      c.joinTimer = null;
      if (c.phase === "new") this.fatal(c, ErrorCode.NOT_JOINED, `no JOIN within ${this.opts.joinTimeoutMs} ms`, CloseCode.NOT_JOINED);
    }, this.opts.joinTimeoutMs);
  }

  /** One incoming WebSocket message. */
  frame(link: Link, data: Uint8Array, binary: boolean): void {
    const c = this.conns.get(link.id);
    if (!c || c.phase === "closed") return;
    try {
      if (c.phase === "joining") {
        if (c.queue.length >= MAX_QUEUED) this.fatal(c, ErrorCode.RATE_LIMITED, `more than ${MAX_QUEUED} frames before JOINED`, CloseCode.MALFORMED);
        else c.queue.push({ data, binary });
        return;
      }
      this.handle(c, data, binary);
    } catch (err) {
      this.internal(c, err);
    }
  }

  /** The socket closed (cleanly or not). */
  closed(link: Link): void {
    const c = this.conns.get(link.id);
    if (!c) return;
    this.conns.delete(link.id);
    if (c.counted) this.release(link.address);
    try {
      this.clearJoinTimer(c);
      const wasJoined = c.phase === "joined";
      c.phase = "closed";
      if (wasJoined) c.host?.disconnect(link.id);
    } catch (err) {
      this.opts.log(`connection ${link.id}: close handling failed: ${String(err)}`);
    }
  }

  /**
   * Heartbeat: polls every live session that has work due; returns the wall-clock reading at
   * which the next one does (Infinity: none until a client joins, see `onJoined`).
   */
  heartbeat(): number {
    const now = this.clock();
    let next = Infinity;
    for (const host of this.registry.active()) {
      try {
        if (host.nextDue(now) <= now) host.poll(now);
        next = Math.min(next, host.nextDue(now));
      } catch (err) {
        this.opts.log(`session ${JSON.stringify(host.id)}: poll failed: ${(err as Error)?.stack ?? String(err)}`);
      }
    }
    return next;
  }

  /** Called after a client joined a session (its heartbeat may now be due sooner). */
  onJoined: (() => void) | null = null;

  /** Stops accepting joins, closes every session (clients get ERROR SHUTDOWN) and storage. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await this.registry.closeAll();
    for (const c of this.conns.values()) {
      if (c.phase !== "closed") this.fatal(c, ErrorCode.SHUTDOWN, "reflector shutting down", CloseCode.GOING_AWAY);
      else c.link.close(CloseCode.GOING_AWAY, "reflector shutting down");
    }
  }

  // ---------------------------------------------------------------- frames

  private handle(c: Conn, data: Uint8Array, binary: boolean): void {
    const now = this.clock();
    // over its read budget, a client is not refused but read more slowly (TCP backpressure)
    const wait = Math.max(c.frames.spend(now, 1), c.bytes.spend(now, data.length));
    if (wait > 0) c.link.pause(wait);
    if (!binary) return this.bad(c, ErrorCode.MALFORMED, "text frames are not supported: send binary frames");
    let msgs: ClientMsg[];
    try {
      msgs = decodeClientFrame(data);
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      if (err.code === ErrorCode.VERSION) return this.fatal(c, ErrorCode.VERSION, err.message, CloseCode.VERSION);
      return this.bad(c, err.code, err.message);
    }
    const first = msgs[0]!;
    if (first.type === "join") return this.join(c, first);
    if (c.phase !== "joined" || !c.host) return this.reply(c, ErrorCode.NOT_JOINED, `${first.type} before JOIN: the first frame must be JOIN`);
    for (const msg of msgs) {
      if (c.phase !== "joined") break;
      this.message(c, c.host, msg, now);
    }
    // a client a little over its event budget is not refused but read more slowly, so a
    // well-meaning client whose clock runs a little ahead of ours loses nothing (see sendEvent)
    const debt = c.events.debtMs();
    if (debt > 0 && c.phase === "joined") c.link.pause(debt);
  }

  /** One message of a joined connection's frame. */
  private message(c: Conn, host: SessionHost, msg: ClientMsg, now: number): void {
    const l = this.opts.limits;
    const id = c.link.id;
    switch (msg.type) {
      case "join":
        return; // only ever first in a frame (the codec checks), handled above
      case "send":
        return this.sendEvent(c, host, msg, now);
      case "snap-upload": {
        const n = msg.snapshot.data.length;
        if (n > l.maxSnapshotBytes) return this.reply(c, ErrorCode.TOO_LARGE, `snapshot of ${n} bytes is over the ${l.maxSnapshotBytes}-byte limit`);
        const problem = host.upload(id, msg.snapshot);
        if (problem) this.reply(c, ErrorCode.MALFORMED, problem);
        return;
      }
      case "hash":
        if (utf8Bytes(msg.hash) > l.maxHashBytes) return this.reply(c, ErrorCode.TOO_LARGE, `hash is over the ${l.maxHashBytes}-byte limit`);
        return host.hash(id, msg.time, msg.seq, msg.hash);
      case "leave":
        c.phase = "closed";
        host.leave(id);
        return c.link.close(CloseCode.NORMAL, "left");
    }
  }

  /**
   * A client event: stamped, skipped (a repeat), or refused with a REFUSED naming its clientSeq.
   * After a refusal nothing later of this connection is stamped until the refused one comes
   * again (the stream never has a gap); the client was told once and resends from there.
   * Over its rate budget a client goes into debt, at most one burst deep, and is read more
   * slowly until it has paid (delay, not refusal: nothing to resend); only past that is it refused.
   */
  private sendEvent(c: Conn, host: SessionHost, msg: SendMsg, now: number): void {
    const l = this.opts.limits;
    const seq = msg.clientSeq;
    const n = msg.payload.length;
    if (n > l.maxEventBytes) {
      // never subject to the error budget: the client must hear of every event it cannot send
      return this.refuse(c, host, ErrorCode.TOO_LARGE, seq, 0, `event of ${n} bytes is over the ${l.maxEventBytes}-byte limit: clientSeq ${seq} can never be stamped`);
    }
    if (seq === 0) return this.bad(c, ErrorCode.MALFORMED, "clientSeq must start at 1");
    if (host.isDuplicate(c.link.id, seq)) return;
    if (c.refusedFrom !== 0 && seq !== c.refusedFrom) return;
    const full = host.backlogRefusal();
    if (full) {
      c.refusedFrom = seq;
      return this.refuse(c, host, ErrorCode.BACKLOG_FULL, seq, BACKLOG_RETRY_MS, `${full}: clientSeq ${seq} refused, send it again later`);
    }
    if (!c.events.charge(now, 1, l.eventBurst)) {
      c.refusedFrom = seq;
      const retry = Math.ceil(c.events.debtMs());
      return this.refuse(c, host, ErrorCode.RATE_LIMITED, seq, retry, `event rate limit (${l.eventsPerSecond}/s, burst ${l.eventBurst}) exceeded: clientSeq ${seq} refused, send it again in ${retry} ms`);
    }
    c.refusedFrom = 0;
    host.send(c.link.id, seq, msg.payload);
  }

  /** A REFUSED for one SEND, in order with everything else the client receives. */
  private refuse(c: Conn, host: SessionHost, code: ErrorCode, clientSeq: number, retryMs: number, message: string): void {
    host.refuse(c.link.id, { type: "refused", code, clientSeq, retryMs, message });
  }

  private join(c: Conn, msg: JoinMsg): void {
    const l = this.opts.limits;
    if (c.phase !== "new") return this.reply(c, ErrorCode.MALFORMED, "already joined: JOIN is sent once per connection");
    if (this.shuttingDown) return this.fatal(c, ErrorCode.SHUTDOWN, "reflector shutting down", CloseCode.GOING_AWAY);
    for (const [what, s] of [
      ["sessionId", msg.sessionId],
      ["viewId", msg.viewId],
    ] as const) {
      const n = utf8Bytes(s);
      if (n === 0) return this.reply(c, ErrorCode.MALFORMED, `${what} is empty`);
      if (n > l.maxIdBytes) return this.reply(c, ErrorCode.TOO_LARGE, `${what} of ${n} bytes is over the ${l.maxIdBytes}-byte limit`);
    }
    if (msg.viewData.length > l.maxEventBytes) {
      return this.reply(c, ErrorCode.TOO_LARGE, `viewData of ${msg.viewData.length} bytes is over the ${l.maxEventBytes}-byte limit`);
    }
    c.phase = "joining";
    this.clearJoinTimer(c);
    this.enter(c, msg, 3);
  }

  /** Loads the session and joins it; retries when it caught the session mid-unload. */
  private enter(c: Conn, msg: JoinMsg, tries: number): void {
    this.registry.get(msg.sessionId, msg.tps).then(
      (host) => {
        if (c.phase !== "joining") return;
        try {
          if (this.shuttingDown) return this.fatal(c, ErrorCode.SHUTDOWN, "reflector shutting down", CloseCode.GOING_AWAY);
          if (host.closed && tries > 1) return this.enter(c, msg, tries - 1);
          const r = host.join(c.link, msg.viewId, msg.viewData);
          if (!r.ok) return this.fatal(c, r.code, r.message, r.close);
          c.phase = "joined";
          c.host = host;
          this.onJoined?.();
          const queued = c.queue;
          c.queue = [];
          for (const f of queued) {
            if (c.phase !== "joined") break;
            this.handle(c, f.data, f.binary);
          }
        } catch (err) {
          this.internal(c, err);
        }
      },
      (err: unknown) => {
        this.opts.log(`session ${JSON.stringify(msg.sessionId)}: load failed: ${(err as Error)?.stack ?? String(err)}`);
        if (c.phase === "joining") this.fatal(c, ErrorCode.INTERNAL, "the session could not be loaded", CloseCode.INTERNAL);
      },
    );
  }

  // ---------------------------------------------------------------- per address

  /**
   * Counts a new connection against its address; returns why it is refused, or null. One
   * address flooding connections (each costs a socket and, once joined, a JOINED frame) must
   * not exhaust the reflector for everyone; a refused client reconnects later with backoff.
   */
  private admit(address: string, now: number): string | null {
    const l = this.opts.limits;
    if (address === "" || (l.maxConnectionsPerAddress <= 0 && l.connectsPerSecondPerAddress <= 0)) return null;
    let peer = this.peers.get(address);
    if (!peer) {
      if (this.peers.size >= ADDRESS_SWEEP_AT) this.sweepPeers(now);
      peer = { open: 0, connects: new TokenBucket(l.connectsPerSecondPerAddress, l.connectBurstPerAddress, now), idleSince: now };
      this.peers.set(address, peer);
    }
    if (l.maxConnectionsPerAddress > 0 && peer.open >= l.maxConnectionsPerAddress) {
      return `too many connections from ${address}: ${peer.open} open (limit ${l.maxConnectionsPerAddress})`;
    }
    if (l.connectsPerSecondPerAddress > 0 && !peer.connects.take(now)) {
      return `too many new connections from ${address} (limit ${l.connectsPerSecondPerAddress}/s, burst ${l.connectBurstPerAddress}): try again later`;
    }
    peer.open++;
    return null;
  }

  private release(address: string): void {
    const peer = this.peers.get(address);
    if (!peer) return;
    peer.open--;
    if (peer.open === 0) peer.idleSince = this.clock();
  }

  /** Forgets addresses with no open connection whose connect bucket has refilled (they would start full anyway). */
  private sweepPeers(now: number): void {
    const l = this.opts.limits;
    const refillMs = l.connectsPerSecondPerAddress > 0 ? (1000 * l.connectBurstPerAddress) / l.connectsPerSecondPerAddress : 0;
    for (const [address, peer] of this.peers) if (peer.open === 0 && now - peer.idleSince >= refillMs) this.peers.delete(address);
  }

  // ---------------------------------------------------------------- errors

  /** An ERROR for the client (throttled: a flood gets a few, not one per frame). */
  private reply(c: Conn, code: ErrorCode, message: string): void {
    if (!c.errors.take(this.clock())) return;
    if (c.phase === "joined" && c.host?.error(c.link.id, code, message)) return;
    if (c.link.open) c.link.send(encodeServerMsgs([{ type: "error", code, message }]));
  }

  /** A malformed frame: answered, and counted against the client's malformed-frame budget. */
  private bad(c: Conn, code: ErrorCode, message: string): void {
    this.reply(c, code, message);
    if (!c.bad.take(this.clock())) this.fatal(c, ErrorCode.MALFORMED, "too many malformed frames", CloseCode.MALFORMED);
  }

  /** An error that ends the connection: ERROR frame, then close with a code and reason. */
  private fatal(c: Conn, code: ErrorCode, message: string, closeCode: number): void {
    const wasJoined = c.phase === "joined";
    c.phase = "closed";
    c.queue = [];
    this.clearJoinTimer(c);
    if (wasJoined) c.host?.disconnect(c.link.id);
    if (c.link.open) c.link.send(encodeServerMsgs([{ type: "error", code, message }]));
    c.link.close(closeCode, message.length > 100 ? `${message.slice(0, 100)}…` : message);
  }

  private internal(c: Conn, err: unknown): void {
    this.opts.log(`connection ${c.link.id}: internal error: ${(err as Error)?.stack ?? String(err)}`);
    try {
      this.reply(c, ErrorCode.INTERNAL, "internal error while handling the frame");
    } catch {
      // nothing more to do for this connection
    }
  }

  private clearJoinTimer(c: Conn): void {
    if (c.joinTimer !== null) clearTimeout(c.joinTimer);
    c.joinTimer = null;
  }
}
