// The dock: a collapsible corner panel for inviting players — a QR code and a link to this
// session (name and password in the URL fragment, never sent to a server) with a copy
// button — and the connection indicator in its bar. Games can add buttons to it.
import { buildShareUrl, parseShareUrl } from "../share-url.ts";
import { createIndicator, type Indicator } from "./indicator.ts";
import type { WidgetSession } from "./session-like.ts";
import { el, injectStyles, type Corner } from "./styles.ts";

export interface DockOptions {
  /** Session name for the link (default: the page URL's `#name=`). */
  name?: string;
  /** Session password for the link (default: the page URL's `#pw=`). */
  password?: string;
  /** The link to share, if you built it yourself (default: this page with name/password in the fragment). */
  url?: string;
  /** Default "bottom-right". */
  corner?: Corner;
  /** Start collapsed (default false). */
  collapsed?: boolean;
  /** Show the connection indicator in the bar (default true). */
  indicator?: boolean;
  /** Bar title (default "Invite"). */
  title?: string;
  parent?: HTMLElement;
}

export interface Dock {
  readonly element: HTMLElement;
  readonly url: string;
  readonly collapsed: boolean;
  /** Points the QR code and link at another URL. */
  setUrl(url: string): void;
  /** Collapses or expands (toggles without an argument). */
  toggle(collapsed?: boolean): void;
  /** Adds a button to the dock's action row. */
  addButton(label: string, onClick: (button: HTMLButtonElement) => void): HTMLButtonElement;
  destroy(): void;
}

/** The link a dock shares: the explicit url, or this page with name/password in the fragment. */
export function dockShareUrl(options: Pick<DockOptions, "name" | "password" | "url">, href: string): string {
  if (options.url) return options.url;
  const fromPage = parseShareUrl(href);
  const name = options.name ?? fromPage.name;
  if (!name) return href;
  const password = options.password ?? fromPage.password;
  return buildShareUrl(href, password ? { name, password } : { name });
}

async function drawQr(canvas: HTMLCanvasElement, url: string): Promise<void> {
  // loaded on demand: pages without a dock never download the encoder
  // (a CommonJS package: depending on the bundler its functions sit on the namespace or on default)
  const mod = (await import("qrcode")) as unknown as Partial<typeof import("qrcode")> & { default?: typeof import("qrcode") };
  const qr = typeof mod.toCanvas === "function" ? (mod as typeof import("qrcode")) : mod.default!;
  await qr.toCanvas(canvas, url, { width: 168 * Math.min(2, Math.ceil(globalThis.devicePixelRatio ?? 1)), margin: 2, errorCorrectionLevel: "M" });
  canvas.style.width = canvas.style.height = "168px";
}

async function copyText(text: string, fallback: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // no clipboard API (insecure context, old browser): the selection way still works
    fallback.select();
    return document.execCommand?.("copy") ?? false;
  }
}

export function createDock(session: WidgetSession, options: DockOptions = {}): Dock {
  injectStyles();
  const corner = options.corner ?? "bottom-right";
  const root = el("div", `tandem-w tandem-dock tandem-fixed tandem-${corner}`);
  root.setAttribute("aria-label", "Session");
  const bar = el("div", "tandem-dock-bar");
  const body = el("div", "tandem-dock-body");
  body.id = `tandem-dock-${session.viewId.slice(0, 8)}`;
  const toggleBtn = el("button", "tandem-dock-toggle");
  toggleBtn.type = "button";
  toggleBtn.setAttribute("aria-controls", body.id);
  const title = options.title ?? "Invite";

  let indicator: Indicator | null = null;
  if (options.indicator !== false) indicator = createIndicator(session, { parent: bar, corner: null });
  bar.append(toggleBtn);

  const qr = el("canvas", "tandem-qr");
  qr.setAttribute("role", "img");
  const row = el("div", "tandem-share-row");
  const link = el("input", "tandem-share-link");
  link.readOnly = true;
  link.setAttribute("aria-label", "Link to this session");
  link.addEventListener("focus", () => link.select());
  const copyBtn = el("button", "tandem-copy", "Copy");
  copyBtn.type = "button";
  row.append(link, copyBtn);
  const actions = el("div", "tandem-dock-actions");
  body.append(qr, row, actions);
  root.append(bar, body);

  let url = "";
  let collapsed = !!options.collapsed;
  let copiedTimer: ReturnType<typeof setTimeout> | null = null;

  const setUrl = (next: string): void => {
    url = next;
    link.value = next;
    qr.setAttribute("aria-label", `QR code for ${next}`);
    drawQr(qr, next).catch((err) => {
      console.error("[tandem] QR code failed:", err);
      qr.hidden = true;
    });
  };
  const toggle = (force?: boolean): void => {
    collapsed = force ?? !collapsed;
    root.toggleAttribute("data-collapsed", collapsed);
    toggleBtn.setAttribute("aria-expanded", String(!collapsed));
    toggleBtn.textContent = collapsed ? `${title} ▴` : `${title} ▾`;
  };
  toggleBtn.addEventListener("click", () => toggle());
  copyBtn.addEventListener("click", () => {
    void copyText(url, link).then((ok) => {
      copyBtn.textContent = ok ? "Copied" : "Copy failed";
      if (copiedTimer) clearTimeout(copiedTimer);
      copiedTimer = setTimeout(() => (copyBtn.textContent = "Copy"), 1500);
    });
  });

  setUrl(dockShareUrl(options, location.href));
  toggle(collapsed);
  (options.parent ?? document.body).appendChild(root);

  return {
    element: root,
    get url() {
      return url;
    },
    get collapsed() {
      return collapsed;
    },
    setUrl,
    toggle,
    addButton(label, onClick) {
      const b = el("button", "tandem-dock-button", label);
      b.type = "button";
      b.addEventListener("click", () => onClick(b));
      actions.append(b);
      return b;
    },
    destroy() {
      if (copiedTimer) clearTimeout(copiedTimer);
      indicator?.destroy();
      root.remove();
    },
  };
}
