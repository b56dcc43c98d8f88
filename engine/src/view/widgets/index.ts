// The widgets' public surface (plain DOM, no framework), re-exported by the engine index.
export { createDock, dockShareUrl, type Dock, type DockOptions } from "./dock.ts";
export { createIndicator, type Indicator, type IndicatorOptions } from "./indicator.ts";
export { mountWidgets, type Widgets, type WidgetsOptions } from "./mount.ts";
export { createProgressBar, type ProgressBar, type ProgressOptions } from "./progress.ts";
export { SampleRing } from "./ring-buffer.ts";
export type { WidgetSession } from "./session-like.ts";
export { createStatsOverlay, type StatsOptions, type StatsOverlay } from "./stats.ts";
export { formatStat, indicatorText, statusText } from "./status-text.ts";
export { injectStyles, type Corner } from "./styles.ts";
