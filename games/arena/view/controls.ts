// DOM wiring of the local controls: keyboard on the window, pointer on the canvas, polled
// once per frame; publishes the control state to the model only when it changed
// (the model remembers it, so a held key costs no events).
import type { View } from "tandem";
import { INPUT_EVENT } from "../model/constants.ts";
import { ControlTracker } from "./control-state.ts";

export interface ArenaControls {
  readonly tracker: ControlTracker;
  /** Sends what changed; call every frame. */
  poll(now: number): void;
  destroy(): void;
}

function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.isContentEditable || t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");
}

export function createArenaControls(view: View, canvas: HTMLElement, toWorld: (cx: number, cy: number) => { x: number; y: number }): ArenaControls {
  const tracker = new ControlTracker(performance.now());
  const listeners: [EventTarget, string, (e: Event) => void][] = [];
  const on = <E extends Event>(t: EventTarget, type: string, fn: (e: E) => void): void => {
    listeners.push([t, type, fn as (e: Event) => void]);
    t.addEventListener(type, fn as (e: Event) => void);
  };

  on<KeyboardEvent>(window, "keydown", (e) => {
    if (typing(e) || e.ctrlKey || e.metaKey) return;
    if (tracker.keyDown(e.code)) e.preventDefault();
  });
  on<KeyboardEvent>(window, "keyup", (e) => {
    if (tracker.keyUp(e.code)) e.preventDefault();
  });
  on<PointerEvent>(canvas, "pointermove", (e) => {
    if (!e.isPrimary) return;
    const p = toWorld(e.clientX, e.clientY);
    tracker.pointerMove(p.x, p.y);
  });
  on<PointerEvent>(canvas, "pointerdown", (e) => {
    if (e.button !== 0) return;
    const p = toWorld(e.clientX, e.clientY);
    tracker.pointerButton(true, p.x, p.y);
    canvas.setPointerCapture?.(e.pointerId);
  });
  const up = (e: PointerEvent): void => {
    if (e.button === 0 || e.type === "pointercancel") tracker.pointerButton(false);
  };
  on<PointerEvent>(window, "pointerup", up);
  on<PointerEvent>(window, "pointercancel", up);
  on(window, "blur", () => tracker.releaseAll());
  on(canvas, "contextmenu", (e) => e.preventDefault());

  return {
    tracker,
    poll(now) {
      const unacked = (view.session as { unacknowledged?: unknown }).unacknowledged;
      const state = tracker.poll(now, typeof unacked === "number" && unacked > 20);
      if (state) view.publish(view.sessionId, INPUT_EVENT, { viewId: view.viewId, ...state });
    },
    destroy() {
      for (const [t, type, fn] of listeners) t.removeEventListener(type, fn);
      listeners.length = 0;
    },
  };
}
