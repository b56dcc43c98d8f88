// Progress bar across the top of the page while joining, reconnecting or catching up
// (the session's "catchup" events carry the share of the backlog applied, 0..1). Create
// it before awaiting Session.join to cover the first join, then `attach` the session.
import { onViewEvent, type WidgetSession } from "./session-like.ts";
import { el, injectStyles } from "./styles.ts";

export interface ProgressOptions {
  parent?: HTMLElement;
  /** Shown at once, indeterminate, with this label (e.g. "Joining…" before Session.join resolves). */
  initial?: string;
}

export interface ProgressBar {
  readonly element: HTMLElement;
  /** Shows the bar: a fraction 0..1, or null for "busy, amount unknown". */
  show(fraction: number | null, label?: string): void;
  hide(): void;
  /** Follows a session's connection status and catch-up events; returns the detach. */
  attach(session: WidgetSession): () => void;
  destroy(): void;
}

export function createProgressBar(options: ProgressOptions = {}): ProgressBar {
  injectStyles();
  const root = el("div", "tandem-w tandem-progress tandem-fixed");
  root.setAttribute("role", "progressbar");
  root.setAttribute("aria-valuemin", "0");
  root.setAttribute("aria-valuemax", "100");
  const track = el("div", "tandem-progress-track");
  const fill = el("div", "tandem-progress-fill");
  const label = el("div", "tandem-progress-label");
  track.append(fill);
  root.append(track, label);
  root.hidden = true;
  const detachers = new Set<() => void>();

  const show = (fraction: number | null, text?: string): void => {
    root.hidden = false;
    if (fraction === null) {
      root.setAttribute("data-indeterminate", "");
      root.removeAttribute("aria-valuenow");
      fill.style.width = "";
    } else {
      const pct = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
      root.removeAttribute("data-indeterminate");
      root.setAttribute("aria-valuenow", String(pct));
      fill.style.width = `${pct}%`;
    }
    label.textContent = text ?? "";
    label.hidden = !text;
  };
  const hide = (): void => {
    root.hidden = true;
  };

  const bar: ProgressBar = {
    element: root,
    show,
    hide,
    attach(session) {
      let catchingUp = false;
      const byStatus = (s: string): void => {
        if (s === "connecting") show(null, "Connecting…");
        else if (s === "reconnecting") show(null, "Reconnecting…");
        else if (!catchingUp) hide();
      };
      const offs = [
        session.onStatus(byStatus),
        onViewEvent(session, "catchup", (p) => {
          catchingUp = true;
          show(typeof p === "number" ? p : null, "Catching up…");
        }),
        onViewEvent(session, "synced", (synced) => {
          catchingUp = synced === false;
          if (synced === true) hide();
          else show(session.progress ?? null, "Catching up…");
        }),
      ];
      byStatus(session.status);
      const detach = (): void => {
        for (const off of offs) off();
        detachers.delete(detach);
      };
      detachers.add(detach);
      return detach;
    },
    destroy() {
      for (const d of [...detachers]) d();
      root.remove();
    },
  };
  (options.parent ?? document.body).appendChild(root);
  if (options.initial) show(null, options.initial);
  return bar;
}
