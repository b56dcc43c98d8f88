// Pointer and keyboard input for views: listens to DOM events, coalesces them per frame
// within the send budget (coalesce.ts) and publishes them through the view, so every
// client's model receives them in the same order. Payloads always carry the sender's
// viewId (models need it to know whose cursor moved). Names are configurable, e.g.
// `{ events: { move: "cursorMove" } }` for the cursors sample.
import { InputCoalescer, type CoalescerOptions, type InputEvent } from "./coalesce.ts";

/** What input needs of a view (a View satisfies it). */
export interface InputPublisher {
  readonly viewId: string;
  readonly sessionId: string;
  publish(scope: string, event: string, data?: unknown): void;
  /** A view's session: when it reports `unacknowledged` (a Session does), moves wait while it backs up. */
  readonly session?: object;
}

/** Event names to publish; false turns a kind off. */
export interface InputEventNames {
  move?: string | false;
  down?: string | false;
  up?: string | false;
  keyDown?: string | false;
  keyUp?: string | false;
}

export interface InputOptions extends CoalescerOptions {
  /** Element whose pointer events count (default window). Give it `touch-action: none` for touch. */
  target?: HTMLElement | Window;
  /** Where keyboard events are heard (default window); false: no keyboard. */
  keyboard?: HTMLElement | Window | false;
  /** Scope to publish in (default the session id). */
  scope?: string;
  /** Event names (defaults "pointer-move", "pointer-down", "pointer-up", "key-down", "key-up"). */
  events?: InputEventNames;
  /** Maps client coordinates to what the model wants (default: relative to the target's top-left, CSS px). */
  toLocal?: (clientX: number, clientY: number) => { x: number; y: number };
  /** Which key events to send (default: all but those typed into form fields or with Ctrl/Meta held). */
  keyFilter?: (e: KeyboardEvent) => boolean;
  /** Keys (KeyboardEvent.code) whose default action is prevented, e.g. ["Space", "ArrowUp"] to stop scrolling. */
  preventKeys?: readonly string[];
  /** Flush on its own requestAnimationFrame loop (default true); false: call `flush()` from View.update. */
  frameLoop?: boolean;
  /** Moves are held while more than this many published events are unacknowledged (default 30). */
  maxUnacknowledged?: number;
}

export interface InputHandle {
  readonly coalescer: InputCoalescer;
  /** Publishes what is due now; called every frame by the frame loop. */
  flush(now?: number): void;
  destroy(): void;
}

const DEFAULT_NAMES: Required<InputEventNames> = { move: "pointer-move", down: "pointer-down", up: "pointer-up", keyDown: "key-down", keyUp: "key-up" };

function typingInto(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.isContentEditable || t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");
}

const defaultKeyFilter = (e: KeyboardEvent): boolean => !typingInto(e) && !e.ctrlKey && !e.metaKey;

/** Pointer input on Tandem's own widgets (dock buttons…) is not game input. */
function onWidget(e: Event): boolean {
  const t = e.target as Element | null;
  return typeof t?.closest === "function" && t.closest(".tandem-w") !== null;
}

/** Starts sending `view`'s user input to the model. */
export function createInput(view: InputPublisher, options: InputOptions = {}): InputHandle {
  const names = { ...DEFAULT_NAMES, ...options.events };
  const scope = options.scope ?? view.sessionId;
  const target = options.target ?? window;
  const keyboard = options.keyboard ?? window;
  const keyFilter = options.keyFilter ?? defaultKeyFilter;
  const prevent = new Set(options.preventKeys ?? []);
  const maxUnacked = options.maxUnacknowledged ?? 30;
  const coalescer = new InputCoalescer(options, performance.now());
  const out: InputEvent[] = [];

  const toLocal = options.toLocal ?? ((cx: number, cy: number) => {
    if (target instanceof Window) return { x: cx, y: cy };
    const r = target.getBoundingClientRect();
    return { x: cx - r.left, y: cy - r.top };
  });

  const onMove = (e: Event): void => {
    const p = e as PointerEvent;
    if (!p.isPrimary || onWidget(p)) return;
    const l = toLocal(p.clientX, p.clientY);
    coalescer.pointerMove(l.x, l.y);
  };
  const onDown = (e: Event): void => {
    const p = e as PointerEvent;
    if (onWidget(p)) return;
    const l = toLocal(p.clientX, p.clientY);
    coalescer.pointerDown(l.x, l.y, p.button);
  };
  const onUp = (e: Event): void => {
    const p = e as PointerEvent;
    const l = toLocal(p.clientX, p.clientY);
    coalescer.pointerUp(l.x, l.y, p.type === "pointercancel" ? 0 : p.button);
  };
  const onKeyDown = (e: Event): void => {
    const k = e as KeyboardEvent;
    if (!keyFilter(k)) return;
    if (prevent.has(k.code)) k.preventDefault();
    if (!k.repeat) coalescer.keyDown(k.key, k.code);
  };
  const onKeyUp = (e: Event): void => {
    const k = e as KeyboardEvent;
    if (prevent.has(k.code)) k.preventDefault();
    coalescer.keyUp(k.key, k.code); // unfiltered: a key pressed before focus moved must still come up
  };
  const onBlur = (): void => coalescer.releaseAll();

  const listeners: [EventTarget, string, (e: Event) => void][] = [];
  const listen = (t: EventTarget, type: string, fn: (e: Event) => void): void => {
    t.addEventListener(type, fn);
    listeners.push([t, type, fn]);
  };
  if (names.move) listen(target, "pointermove", onMove);
  if (names.down) listen(target, "pointerdown", onDown);
  if (names.down || names.up) {
    // releases are tracked even when not published: the next press is not a repeat
    listen(window, "pointerup", onUp); // a drag released outside the target still ends
    listen(window, "pointercancel", onUp);
  }
  if (keyboard && (names.keyDown || names.keyUp)) {
    listen(keyboard, "keydown", onKeyDown);
    listen(keyboard, "keyup", onKeyUp);
  }
  listen(window, "blur", onBlur);

  const publish = (e: InputEvent): void => {
    const viewId = view.viewId;
    switch (e.kind) {
      case "move":
        if (names.move) view.publish(scope, names.move, { viewId, x: e.x, y: e.y });
        break;
      case "down":
        if (names.down) view.publish(scope, names.down, { viewId, x: e.x, y: e.y, button: e.button });
        break;
      case "up":
        if (names.up) view.publish(scope, names.up, { viewId, x: e.x, y: e.y, button: e.button });
        break;
      case "key-down":
        if (names.keyDown) view.publish(scope, names.keyDown, { viewId, key: e.key, code: e.code });
        break;
      case "key-up":
        if (names.keyUp) view.publish(scope, names.keyUp, { viewId, key: e.key, code: e.code });
        break;
    }
  };

  let raf = 0;
  let destroyed = false;
  const flush = (now: number = performance.now()): void => {
    if (destroyed) return;
    // the session's own queue is backing up (slow link): let moves merge instead of piling on
    const unacked = (view.session as { unacknowledged?: unknown } | undefined)?.unacknowledged;
    const backedUp = typeof unacked === "number" && unacked > maxUnacked;
    out.length = 0;
    coalescer.flush(now, out, backedUp);
    for (const e of out) {
      try {
        publish(e);
      } catch (err) {
        console.error("[tandem] input publish failed:", err);
      }
    }
  };
  if (options.frameLoop !== false) {
    const frame = (t: number): void => {
      if (destroyed) return;
      flush(t);
      raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
  }

  return {
    coalescer,
    flush,
    destroy() {
      destroyed = true;
      if (raf) cancelAnimationFrame(raf);
      for (const [t, type, fn] of listeners) t.removeEventListener(type, fn);
      listeners.length = 0;
    },
  };
}
