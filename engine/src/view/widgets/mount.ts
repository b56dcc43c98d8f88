// mountWidgets: the usual set in one call — dock (invite QR + link, connection indicator),
// progress bar, and a stats overlay toggled from the dock (or shown from the start).
import { createDock, type Dock, type DockOptions } from "./dock.ts";
import { createIndicator, type Indicator, type IndicatorOptions } from "./indicator.ts";
import { createProgressBar, type ProgressBar } from "./progress.ts";
import type { WidgetSession } from "./session-like.ts";
import { createStatsOverlay, type StatsOptions, type StatsOverlay } from "./stats.ts";

export interface WidgetsOptions {
  parent?: HTMLElement;
  /** The invite dock (default on). */
  dock?: DockOptions | boolean;
  /** Standalone connection indicator; default on only without a dock (the dock has one). */
  indicator?: IndicatorOptions | boolean;
  /** Stats overlay: true shows it now; default off, with a "Stats" button in the dock. */
  stats?: StatsOptions | boolean;
  /** Progress bar for (re)joins and catch-ups (default on); pass one made before Session.join to reuse it. */
  progress?: ProgressBar | boolean;
}

export interface Widgets {
  readonly dock: Dock | null;
  readonly indicator: Indicator | null;
  readonly progress: ProgressBar | null;
  /** Created on first use when toggled from the dock. */
  readonly stats: StatsOverlay | null;
  destroy(): void;
}

const opts = <T extends object>(v: T | boolean | undefined): T | undefined => (typeof v === "object" ? v : undefined);

export function mountWidgets(session: WidgetSession, options: WidgetsOptions = {}): Widgets {
  const parent = options.parent;
  const dock = options.dock === false ? null : createDock(session, { parent, ...opts(options.dock) });
  const wantIndicator = options.indicator ?? !dock;
  const indicator = wantIndicator ? createIndicator(session, { parent, ...opts(options.indicator) }) : null;

  let progress: ProgressBar | null = null;
  let detachProgress: (() => void) | null = null;
  if (options.progress !== false) {
    progress = typeof options.progress === "object" ? options.progress : createProgressBar({ parent });
    detachProgress = progress.attach(session);
  }

  let stats: StatsOverlay | null = null;
  const statsOptions = { parent, ...opts(options.stats) };
  if (options.stats) stats = createStatsOverlay(session, statsOptions);
  if (dock) {
    const button = dock.addButton("Stats", (b) => {
      if (!stats) stats = createStatsOverlay(session, statsOptions);
      else stats.visible = !stats.visible;
      b.setAttribute("aria-pressed", String(stats.visible));
    });
    button.setAttribute("aria-pressed", String(!!stats));
  }

  return {
    dock,
    indicator,
    get progress() {
      return progress;
    },
    get stats() {
      return stats;
    },
    destroy() {
      dock?.destroy();
      indicator?.destroy();
      detachProgress?.();
      // a progress bar passed in belongs to the caller
      if (progress && typeof options.progress !== "object") progress.destroy();
      stats?.destroy();
    },
  };
}
