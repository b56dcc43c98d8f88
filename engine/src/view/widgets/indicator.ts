// Connection indicator: a coloured dot and "Connected" / "Reconnecting…" / "Sleeping",
// following session.onStatus, and "Connected · events held" while the reflector holds this
// client's events (the session's "held" event). Standalone in a corner, or inside the dock's bar.
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
  const show = (): void => {
    root.dataset.status = status;
    root.dataset.held = String(held);
    label.textContent = indicatorText(status, held);
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
