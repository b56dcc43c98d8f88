// Connection indicator: a coloured dot and "Connected" / "Reconnecting…" / "Sleeping",
// following session.onStatus, and "Connected · N events waiting" (amber) while this client's
// events wait (the session's "held" event; the count is re-read while it lasts). Standalone in
// a corner, or inside the dock's bar.
import { onViewEvent, type WidgetSession } from "./session-like.ts";
import { indicatorText } from "./status-text.ts";
import { el, injectStyles, type Corner } from "./styles.ts";

export interface IndicatorOptions {
  /** Where to put it (default document.body, fixed in `corner`). */
  parent?: HTMLElement;
  /** Corner when fixed (default "top-right"); null: inline in `parent`. */
  corner?: Corner | null;
}

export interface Indicator {
  readonly element: HTMLElement;
  destroy(): void;
}

export function createIndicator(session: WidgetSession, options: IndicatorOptions = {}): Indicator {
  injectStyles();
  const corner = options.corner === undefined ? "top-right" : options.corner;
  const root = el("div", corner ? `tandem-w tandem-indicator tandem-fixed tandem-${corner}` : "tandem-w tandem-indicator");
  root.setAttribute("role", "status");
  root.setAttribute("aria-live", "polite");
  const label = el("span", "tandem-label");
  root.append(el("span", "tandem-dot"), label);
  let status: string = session.status;
  let held = session.held ?? false;
  let recount: ReturnType<typeof setInterval> | null = null;
  const show = (): void => {
    root.dataset.status = status;
    root.dataset.held = String(held);
    label.textContent = indicatorText(status, held, session.unacknowledged);
    // the count changes without events: re-read it while events wait
    if (held && recount === null) recount = setInterval(show, 500);
    else if (!held && recount !== null) {
      clearInterval(recount);
      recount = null;
    }
  };
  show();
  const offStatus = session.onStatus((s) => {
    status = s;
    show();
  });
  const offHeld = onViewEvent(session, "held", (h) => {
    held = h === true;
    show();
  });
  const off = () => {
    offStatus();
    offHeld();
    if (recount !== null) clearInterval(recount);
  };
  (options.parent ?? document.body).appendChild(root);
  return {
    element: root,
    destroy() {
      off();
      root.remove();
    },
  };
}
