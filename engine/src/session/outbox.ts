// The client's outgoing events. Nothing published is lost or doubled: every event is kept
// until its stamped echo comes back; after a reconnect the reflector's lastClientSeq says
// what it already stamped and the rest is sent again; a REFUSED names the first event the
// reflector did not stamp, and that one and everything after it go back to the queue, in
// order, to be sent again after the delay it asked for. Events are paced under the reflector's
// budget (told in JOINED) with a margin, and everything ready in one turn goes out in one
// frame, so a burst costs one round trip rather than one per event.
import { DEFAULT_SEND_LIMITS, type SendLimits, type SendMsg } from "../protocol/messages.ts";

/** Share of the reflector's rate and burst the client uses (its clock and ours drift a little). */
const PACING_MARGIN = 0.9;
/** Payload bytes per frame at most (a burst of large events goes as several frames). */
const MAX_FRAME_BYTES = 256 * 1024;

export interface OutboxOptions {
  clock: () => number;
  /** Sends one frame of events on the live socket. */
  send: (msgs: SendMsg[]) => void;
  /** Runs `fn` after the current turn (default queueMicrotask), so a burst of pushes shares a frame. */
  soon?: (fn: () => void) => void;
}

export class Outbox {
  /** Waiting to be sent (for a token, for the connection, or for a refusal's delay to pass). */
  private queued: SendMsg[] = [];
  /** When each queued event was first pushed (it keeps that time when re-queued). */
  private queuedAt: number[] = [];
  /** Sent, waiting for the stamped echo, in clientSeq order. */
  private unacked: SendMsg[] = [];
  private unackedAt: number[] = [];
  private sentAt: number[] = [];
  private perSecond = 0;
  private burst = 0;
  private tokens = 0;
  private lastRefill: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushQueued = false;
  private live = false;
  private closed = false;
  /** Nothing is sent before this clock reading (the reflector refused an event and asked us to wait). */
  private holdUntil = -Infinity;
  /** Last measured round trip of one of our events to the reflector and back (ms); NaN until measured. */
  ping = NaN;

  constructor(private readonly opts: OutboxOptions) {
    this.lastRefill = opts.clock();
    this.configure(DEFAULT_SEND_LIMITS);
  }

  /** Events not yet echoed back stamped (queued and in flight). */
  get size(): number {
    return this.queued.length + this.unacked.length;
  }

  /** Events sent and not yet echoed. */
  get inFlight(): number {
    return this.unacked.length;
  }

  /** Whether the reflector refused an event and the delay it asked for has not passed. */
  get holding(): boolean {
    return this.opts.clock() < this.holdUntil;
  }

  /** How long the oldest event not yet acknowledged has waited since it was published (0: none). */
  oldestWaitMs(): number {
    const a = this.unackedAt[0], q = this.queuedAt[0];
    const oldest = a === undefined ? q : q === undefined ? a : Math.min(a, q);
    return oldest === undefined ? 0 : this.opts.clock() - oldest;
  }

  push(msg: SendMsg): void {
    this.queued.push(msg);
    this.queuedAt.push(this.opts.clock());
    this.flushSoon();
  }

  /** The reflector's send budget (from JOINED): paced with a margin, starting with a full burst as its new connection's does. */
  configure(limits: SendLimits): void {
    this.perSecond = Math.max(0.1, limits.eventsPerSecond * PACING_MARGIN);
    this.burst = Math.max(1, Math.floor(limits.eventBurst * PACING_MARGIN));
    this.tokens = this.burst;
    this.lastRefill = this.opts.clock();
  }

  /** A JOINED arrived: what the reflector stamped up to lastClientSeq is done; the rest goes again, in order, paced. */
  joined(lastClientSeq: number): void {
    this.live = true;
    this.holdUntil = -Infinity;
    let done = 0;
    while (done < this.unacked.length && this.unacked[done]!.clientSeq <= lastClientSeq) done++;
    this.unacked.splice(0, done);
    this.unackedAt.splice(0, done);
    // whatever was queued meanwhile may also have been stamped (sent just before the socket died)
    while (this.queued.length > 0 && this.queued[0]!.clientSeq <= lastClientSeq) {
      this.queued.shift();
      this.queuedAt.shift();
    }
    this.requeueFrom(0);
    this.flush();
  }

  /**
   * The reflector refused the event `clientSeq` and will stamp nothing later of ours until it
   * comes again: it and everything after it go back to the front of the queue, in order, and
   * are sent again no earlier than `retryMs` from now. Events before it were stamped (their
   * echoes came first: the reflector keeps our messages in order).
   */
  refused(clientSeq: number, retryMs: number): void {
    let i = 0;
    while (i < this.unacked.length && this.unacked[i]!.clientSeq < clientSeq) i++;
    this.requeueFrom(i);
    this.holdUntil = this.opts.clock() + retryMs;
    this.flush();
  }

  /**
   * The reflector can never stamp the event `clientSeq` (it is over its size limit): it is
   * taken out and returned. The reflector went on with the ones after it, whose echoes follow.
   */
  dropped(clientSeq: number): SendMsg | null {
    let found: SendMsg | null = null;
    for (const [list, at] of [[this.unacked, this.unackedAt], [this.queued, this.queuedAt]] as const) {
      const i = list.findIndex((m) => m.clientSeq === clientSeq);
      if (i < 0) continue;
      found = list[i]!;
      list.splice(i, 1);
      at.splice(i, 1);
      if (list === this.unacked) this.sentAt.splice(i, 1);
    }
    return found;
  }

  /** The socket is gone: hold everything until the next JOINED. */
  disconnected(): void {
    this.live = false;
  }

  /** Our own event came back stamped: it is acknowledged (the reflector stamps in send order). */
  echoed(): void {
    if (this.unacked.length === 0) return;
    this.unacked.shift();
    this.unackedAt.shift();
    this.ping = this.opts.clock() - this.sentAt.shift()!;
  }

  /** Sends one frame of what the budget allows now; comes back by timer for the rest. */
  flush(): void {
    if (!this.live || this.closed || this.queued.length === 0) return;
    const t = this.opts.clock();
    if (t < this.holdUntil) return this.flushLater(this.holdUntil - t);
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.lastRefill) / 1000) * this.perSecond);
    this.lastRefill = t;
    let n = 0, bytes = 0;
    while (n < this.queued.length && n < Math.floor(this.tokens)) {
      const size = this.queued[n]!.payload.length;
      if (n > 0 && bytes + size > MAX_FRAME_BYTES) break;
      bytes += size;
      n++;
    }
    if (n > 0) {
      const batch = this.queued.splice(0, n);
      const at = this.queuedAt.splice(0, n);
      this.tokens -= n;
      for (let i = 0; i < n; i++) {
        this.unacked.push(batch[i]!);
        this.unackedAt.push(at[i]!);
        this.sentAt.push(t);
      }
      this.opts.send(batch);
    }
    if (this.queued.length > 0) this.flushLater(this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.perSecond);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.live = false;
    this.closed = true;
  }

  /** Puts unacked[from..] back at the front of the queue, in order (they will be sent again). */
  private requeueFrom(from: number): void {
    if (from >= this.unacked.length) return;
    this.queued.unshift(...this.unacked.splice(from));
    this.queuedAt.unshift(...this.unackedAt.splice(from));
    this.sentAt.splice(from);
  }

  private flushSoon(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    (this.opts.soon ?? queueMicrotask)(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  /** Flushes again in `ms` (unless a flush is already due). */
  private flushLater(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, Math.ceil(ms));
  }
}
