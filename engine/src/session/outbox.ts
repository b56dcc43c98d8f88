// The client's outgoing events: paced under the reflector's rate limit (a held-back event
// is better than one the reflector refuses, which can never be resent), kept until their
// stamped echo comes back, resent after a reconnect or after the reflector refused them for a
// full backlog, and timed for a round-trip estimate.
import type { SendMsg } from "../protocol/messages.ts";

export interface OutboxOptions {
  perSecond: number;
  burst: number;
  clock: () => number;
  /** Sends one message on the live socket. */
  send: (msg: SendMsg) => void;
}

export class Outbox {
  /** Waiting for a send token (or for the connection). */
  private readonly queued: SendMsg[] = [];
  /** Sent, waiting for the stamped echo. */
  private unacked: SendMsg[] = [];
  private sentAt: number[] = [];
  private tokens: number;
  private lastRefill: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private live = false;
  /** Nothing is sent before this clock reading (the reflector refused an event: its backlog was full). */
  private holdUntil = -Infinity;
  /** Last measured round trip of one of our events to the reflector and back (ms); NaN until measured. */
  ping = NaN;

  constructor(private readonly opts: OutboxOptions) {
    this.tokens = opts.burst;
    this.lastRefill = opts.clock();
  }

  /** Events not yet echoed back stamped. */
  get size(): number {
    return this.queued.length + this.unacked.length;
  }

  push(msg: SendMsg): void {
    this.queued.push(msg);
    this.flush();
  }

  /** A JOINED arrived: what the reflector stamped up to lastClientSeq is done; resend the rest in order. */
  joined(lastClientSeq: number): void {
    this.live = true;
    this.unacked = this.unacked.filter((u) => u.clientSeq > lastClientSeq);
    const t = this.opts.clock();
    this.sentAt = this.unacked.map(() => t);
    for (const u of this.unacked) this.opts.send(u);
    this.flush();
  }

  /**
   * The reflector refused our oldest unacknowledged event because the session's backlog is
   * full (ERROR BACKLOG_FULL) — and will refuse every later one until that one comes again.
   * Everything unacknowledged goes back to the front of the queue, in order, and is sent again
   * after `retryMs`; by then a snapshot has usually been uploaded and events flow again.
   */
  refused(retryMs: number): void {
    if (this.unacked.length > 0) {
      this.queued.unshift(...this.unacked);
      this.unacked = [];
      this.sentAt = [];
    }
    this.holdUntil = this.opts.clock() + retryMs;
    this.flush();
  }

  /** The socket is gone: hold everything until the next JOINED. */
  disconnected(): void {
    this.live = false;
  }

  /** Our own event came back stamped: it is acknowledged (the reflector stamps in send order). */
  echoed(): void {
    if (this.unacked.length === 0) return;
    this.unacked.shift();
    this.ping = this.opts.clock() - this.sentAt.shift()!;
  }

  flush(): void {
    if (!this.live) return;
    const { perSecond, burst, clock } = this.opts;
    const t = clock();
    if (t < this.holdUntil) return this.flushLater(this.holdUntil - t);
    this.tokens = Math.min(burst, this.tokens + ((t - this.lastRefill) / 1000) * perSecond);
    this.lastRefill = t;
    while (this.queued.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      const msg = this.queued.shift()!;
      this.unacked.push(msg);
      this.sentAt.push(t);
      this.opts.send(msg);
    }
    if (this.queued.length > 0) this.flushLater(1000 / perSecond);
  }

  /** Flushes again in `ms` (unless a flush is already due). */
  private flushLater(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, Math.ceil(ms));
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.live = false;
  }
}
