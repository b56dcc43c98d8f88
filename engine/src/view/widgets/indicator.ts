// Connection indicator: a coloured dot and "Connected" / "Reconnecting…" / "Sleeping",
// following session.onStatus. Standalone in a corner, or inside the dock's bar.
import type { WidgetSession } from "./session-like.ts";
import { statusText } from "./status-text.ts";
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
  const show = (s: string): void => {
    root.dataset.status = s;
    label.textContent = statusText(s);
  };
  show(session.status);
  const off = session.onStatus(show);
  (options.parent ?? document.body).appendChild(root);
  return {
    element: root,
    destroy() {
      off();
      root.remove();
    },
  };
}
