// The widgets' stylesheet, injected once per document. Everything is scoped under
// `.tandem-*` classes and CSS variables, so a game can restyle without fighting specificity.

const STYLE_ID = "tandem-widgets-style";

const CSS = `
.tandem-w { --tandem-bg: rgba(16, 18, 24, 0.86); --tandem-fg: #e8eaf0; --tandem-dim: #9aa1b2; --tandem-accent: #5aa9ff;
  --tandem-ok: #3ecf6e; --tandem-warn: #f0b429; --tandem-bad: #ef5350; --tandem-radius: 8px;
  font: 12px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--tandem-fg); box-sizing: border-box; z-index: 1000; }
.tandem-w[hidden] { display: none !important; }
.tandem-w *, .tandem-w *::before, .tandem-w *::after { box-sizing: inherit; }
.tandem-w button { font: inherit; color: inherit; background: rgba(255,255,255,0.08); border: 1px solid rgba(255,255,255,0.16);
  border-radius: 5px; padding: 3px 8px; cursor: pointer; }
.tandem-w button:hover { background: rgba(255,255,255,0.16); }
.tandem-w button:focus-visible { outline: 2px solid var(--tandem-accent); outline-offset: 1px; }
.tandem-fixed { position: fixed; }
.tandem-top-left { top: 10px; left: 10px; } .tandem-top-right { top: 10px; right: 10px; }
.tandem-bottom-left { bottom: 10px; left: 10px; } .tandem-bottom-right { bottom: 10px; right: 10px; }

.tandem-indicator { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; }
.tandem-indicator.tandem-fixed { background: var(--tandem-bg); padding: 4px 9px; border-radius: 999px; }
.tandem-dot { width: 8px; height: 8px; border-radius: 50%; background: var(--tandem-dim); flex: none; }
.tandem-indicator[data-status="connected"] .tandem-dot { background: var(--tandem-ok); }
.tandem-indicator[data-status="connecting"] .tandem-dot,
.tandem-indicator[data-status="reconnecting"] .tandem-dot { background: var(--tandem-warn); animation: tandem-pulse 1s ease-in-out infinite; }
.tandem-indicator[data-status="left"] .tandem-dot { background: var(--tandem-bad); }
.tandem-indicator[data-status="connected"][data-held="true"] .tandem-dot { background: var(--tandem-warn); }
@keyframes tandem-pulse { 50% { opacity: 0.3; } }

.tandem-dock { background: var(--tandem-bg); border-radius: var(--tandem-radius); padding: 6px; max-width: calc(100vw - 20px);
  box-shadow: 0 4px 18px rgba(0,0,0,0.35); backdrop-filter: blur(6px); }
.tandem-dock-bar { display: flex; align-items: center; gap: 8px; justify-content: space-between; padding: 0 2px 0 4px; }
.tandem-dock-body { display: flex; flex-direction: column; gap: 6px; margin-top: 6px; align-items: center; }
.tandem-dock[data-collapsed] .tandem-dock-body { display: none; }
.tandem-qr { width: 168px; height: 168px; border-radius: 4px; background: #fff; image-rendering: pixelated; }
.tandem-share-row { display: flex; gap: 4px; width: 100%; }
.tandem-share-link { flex: 1; min-width: 0; width: 120px; font: 11px ui-monospace, monospace; color: var(--tandem-fg);
  background: rgba(0,0,0,0.3); border: 1px solid rgba(255,255,255,0.12); border-radius: 5px; padding: 3px 5px; }
.tandem-dock-actions { display: flex; gap: 4px; width: 100%; justify-content: flex-end; }

.tandem-stats { background: var(--tandem-bg); border-radius: var(--tandem-radius); padding: 6px 8px; pointer-events: none;
  font: 11px/1.3 ui-monospace, SFMono-Regular, Menlo, monospace; display: grid; grid-template-columns: auto 64px 96px; gap: 2px 8px; align-items: center; }
.tandem-stats-label { color: var(--tandem-dim); }
.tandem-stats-value { text-align: right; }
.tandem-stats canvas { width: 96px; height: 18px; display: block; }

.tandem-progress { left: 0; right: 0; top: 0; height: 22px; pointer-events: none; display: flex; flex-direction: column; align-items: center; }
.tandem-progress-track { width: 100%; height: 3px; background: rgba(255,255,255,0.12); overflow: hidden; }
.tandem-progress-fill { height: 100%; width: 0; background: var(--tandem-accent); transition: width 120ms linear; }
.tandem-progress[data-indeterminate] .tandem-progress-fill { width: 30%; animation: tandem-slide 1.1s ease-in-out infinite; }
@keyframes tandem-slide { from { transform: translateX(-100%); } to { transform: translateX(340%); } }
.tandem-progress-label { margin-top: 4px; background: var(--tandem-bg); padding: 1px 8px; border-radius: 999px; font-size: 11px; }
@media (prefers-reduced-motion: reduce) { .tandem-w * { animation: none !important; transition: none !important; } }
`;

/** Adds the stylesheet to `doc` unless it is there already. */
export function injectStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}

export type Corner = "top-left" | "top-right" | "bottom-left" | "bottom-right";

/** Creates an element with classes (and optional text). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}
