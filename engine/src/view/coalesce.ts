// Turns raw pointer and keyboard input into the few events worth sending to the model, and
// keeps them within the session's send budget (every event costs a trip through the
// reflector to every client). Per frame: only the latest pointer position is kept; key
// auto-repeat and releases of keys never pressed are dropped (so a key's events always
// alternate down/up); presses and releases are queued in order and wait for budget rather
// than being lost — even two clicks within one slow frame count twice. Moves take tokens
// only when no press is waiting and a reserve is left for presses, at most `moveHz` a second.
// The clock is injected, so all of this is tested in Node.
import { TokenBucket, type RateOptions } from "./token-bucket.ts";

export type InputEvent =
  | { kind: "move"; x: number; y: number }
  | { kind: "down"; x: number; y: number; button: number }
  | { kind: "up"; x: number; y: number; button: number }
  | { kind: "key-down"; key: string; code: string }
  | { kind: "key-up"; key: string; code: string };

export interface CoalescerOptions {
  /** This input stream's own budget (default 20/s, burst 60: a third of the reflector's default, leaving room for game events). */
  rate?: RateOptions;
  /** Most pointer moves sent per second (default 15: leaves budget for presses and game events). */
  moveHz?: number;
  /** Tokens moves must leave for presses (default 10). */
  moveReserve?: number;
  /** Discrete events held back at most; beyond this the oldest are dropped (default 64). */
  maxQueue?: number;
}

export interface CoalescerStats {
  sent: number;
  /** Pointer moves replaced by a later one before being sent. */
  merged: number;
  /** Repeats, unmatched releases and queue overflow. */
  dropped: number;
}

type Discrete = Exclude<InputEvent, { kind: "move" }>;

function keyOf(e: Discrete): string {
  return e.kind === "down" || e.kind === "up" ? `button:${e.button}` : `key:${e.code}`;
}

export class InputCoalescer {
  readonly stats: CoalescerStats = { sent: 0, merged: 0, dropped: 0 };
  private readonly bucket: TokenBucket;
  private readonly moveInterval: number;
  private readonly moveReserve: number;
  private readonly maxQueue: number;
  private readonly queue: Discrete[] = [];
  /** Keys and buttons held, as last reported to the queue. */
  private readonly held = new Map<string, Discrete>();
  private move: { x: number; y: number } | null = null;
  private lastMoveSent = -Infinity;

  constructor(options: CoalescerOptions = {}, now = 0) {
    this.bucket = new TokenBucket(options.rate, now);
    this.moveInterval = 1000 / (options.moveHz ?? 15);
    this.moveReserve = Math.min(options.moveReserve ?? 10, this.bucket.burst - 1);
    this.maxQueue = options.maxQueue ?? 64;
  }

  /** Discrete events waiting for budget. */
  get queued(): number {
    return this.queue.length;
  }

  /** The pointer moved: replaces any move not sent yet. */
  pointerMove(x: number, y: number): void {
    if (this.move) this.stats.merged++;
    this.move = { x, y };
  }

  pointerDown(x: number, y: number, button = 0): void {
    this.discrete({ kind: "down", x, y, button });
  }

  pointerUp(x: number, y: number, button = 0): void {
    this.discrete({ kind: "up", x, y, button });
  }

  keyDown(key: string, code: string): void {
    this.discrete({ kind: "key-down", key, code });
  }

  keyUp(key: string, code: string): void {
    this.discrete({ kind: "key-up", key, code });
  }

  /** Releases everything held (the window lost focus: key-ups will never come). */
  releaseAll(): void {
    for (const e of [...this.held.values()]) {
      if (e.kind === "down") this.pointerUp(e.x, e.y, e.button);
      else if (e.kind === "key-down") this.keyUp(e.key, e.code);
    }
  }

  /**
   * Events to publish now, in order. Call once per frame; what the budget does not allow
   * waits (presses) or is merged with later input (moves). `holdMoves` keeps the pending
   * move back (the session's queue is backing up).
   */
  flush(now: number, out: InputEvent[] = [], holdMoves = false): InputEvent[] {
    while (this.queue.length > 0 && this.bucket.take(now)) {
      out.push(this.queue.shift()!);
      this.stats.sent++;
    }
    // a move never overtakes a waiting press: the model would see them out of order;
    // 1 ms of slack so frame timing does not turn 15 Hz into 12 Hz
    if (this.move && !holdMoves && this.queue.length === 0 && now - this.lastMoveSent >= this.moveInterval - 1 && this.bucket.take(now, this.moveReserve)) {
      out.push({ kind: "move", x: this.move.x, y: this.move.y });
      this.move = null;
      this.lastMoveSent = now;
      this.stats.sent++;
    }
    return out;
  }

  private discrete(e: Discrete): void {
    const id = keyOf(e);
    const down = e.kind === "down" || e.kind === "key-down";
    if (down === this.held.has(id)) {
      this.stats.dropped++; // auto-repeat, or a release of something never pressed here
      return;
    }
    if (down) this.held.set(id, e);
    else this.held.delete(id);
    if (e.kind === "down" || e.kind === "up") {
      // a press carries the pointer position: an older unsent move would only move it back
      if (this.move) this.stats.merged++;
      this.move = null;
    }
    this.queue.push(e);
    if (this.queue.length > this.maxQueue) {
      this.queue.shift();
      this.stats.dropped++;
    }
  }
}
