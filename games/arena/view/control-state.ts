// The local player's control state, kept apart from the DOM so it can be tested in Node:
// which keys and buttons are held, where the pointer aims, and when the state that the
// model remembers has changed enough to send. Key/button changes go out at once; aim moves
// at most 10 times a second, all within a token bucket under the session's send budget.
import { TokenBucket } from "tandem";

export interface SentState {
  thrust: number;
  turn: number;
  fire: number;
  aimX?: number;
  aimY?: number;
}

const THRUST_KEYS = new Set(["KeyW", "ArrowUp"]);
const LEFT_KEYS = new Set(["KeyA", "ArrowLeft"]);
const RIGHT_KEYS = new Set(["KeyD", "ArrowRight"]);
const FIRE_KEYS = new Set(["Space", "KeyJ", "KeyK"]);
/** Keys whose browser default (scrolling) is prevented while playing. */
export const GAME_KEYS = [...THRUST_KEYS, ...LEFT_KEYS, ...RIGHT_KEYS, ...FIRE_KEYS];

/** Aim moves smaller than this (world units) are not worth an event. */
const AIM_EPSILON = 3;
const AIM_INTERVAL_MS = 100;

export class ControlTracker {
  private readonly held = new Set<string>();
  private pointerDown = false;
  private aiming = false;
  private aimX = 0;
  private aimY = 0;
  private last: SentState = { thrust: 0, turn: 0, fire: 0 };
  private lastAimAt = -Infinity;
  private readonly bucket: TokenBucket;

  constructor(now = 0) {
    // under the session's 20/s: leaves room for anything else the page sends
    this.bucket = new TokenBucket({ perSecond: 15, burst: 30 }, now);
  }

  /** Returns true when the key is one the game uses (the caller prevents its default). */
  keyDown(code: string): boolean {
    if (!GAME_KEYS.includes(code)) return false;
    this.held.add(code);
    // a turn key hands steering back to the keyboard until the pointer moves again
    if (LEFT_KEYS.has(code) || RIGHT_KEYS.has(code)) this.aiming = false;
    return true;
  }

  keyUp(code: string): boolean {
    return this.held.delete(code) || GAME_KEYS.includes(code);
  }

  pointerMove(x: number, y: number): void {
    this.aiming = true;
    this.aimX = x;
    this.aimY = y;
  }

  pointerButton(down: boolean, x?: number, y?: number): void {
    this.pointerDown = down;
    if (down && x !== undefined && y !== undefined) this.pointerMove(x, y);
  }

  /** Window lost focus: nothing stays held (its key-ups would never arrive). */
  releaseAll(): void {
    this.held.clear();
    this.pointerDown = false;
  }

  current(): SentState {
    const any = (keys: Set<string>): boolean => {
      for (const k of keys) if (this.held.has(k)) return true;
      return false;
    };
    const s: SentState = {
      thrust: any(THRUST_KEYS) || this.pointerDown ? 1 : 0,
      turn: (any(RIGHT_KEYS) ? 1 : 0) - (any(LEFT_KEYS) ? 1 : 0),
      fire: any(FIRE_KEYS) || this.pointerDown ? 1 : 0,
    };
    if (this.aiming) { s.aimX = Math.round(this.aimX); s.aimY = Math.round(this.aimY); }
    return s;
  }

  /** The state to send now, or null (unchanged, throttled, or out of budget). */
  poll(now: number, backedUp = false): SentState | null {
    const s = this.current(), l = this.last;
    const buttons = s.thrust !== l.thrust || s.turn !== l.turn || s.fire !== l.fire || (s.aimX === undefined) !== (l.aimX === undefined);
    let aimMoved = false;
    if (!buttons && s.aimX !== undefined && l.aimX !== undefined) {
      const dx = s.aimX - l.aimX, dy = s.aimY! - l.aimY!;
      aimMoved = dx * dx + dy * dy >= AIM_EPSILON * AIM_EPSILON && now - this.lastAimAt >= AIM_INTERVAL_MS && !backedUp;
    }
    if (!buttons && !aimMoved) return null;
    // aim moves leave tokens for button changes, which must not wait
    if (!this.bucket.take(now, buttons ? 0 : 8)) return null;
    if (s.aimX !== undefined) this.lastAimAt = now;
    this.last = s;
    return s;
  }
}
