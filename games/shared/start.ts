/// <reference types="vite/client" />
// startGame: the bootstrap every sample game's main.ts calls. It lays out the page, picks the
// session from the URL fragment (`#name=…&pw=…`; a new random one is put into the address
// bar so a reload or a second tab joins the same session), honours `?reflector=ws://…`
// (and the session's own `?debug=…`), shows progress while joining, joins, mounts the
// widgets (invite dock with QR code and link, connection indicator, stats) and exposes
// `window.tandem = { session, widgets }` for end-to-end tests.
import { JoinError, Session, createProgressBar, mountWidgets, parseShareUrl, sessionFromUrl, type Model, type SessionFromUrl, type View, type Widgets } from "tandem";
import { h, mountPage, showNotice } from "./page.ts";

export interface StartOptions<M extends Model> {
  /** Reverse-DNS id of the game (part of the session identity). */
  appId: string;
  model: { prototype: M };
  view: new (model: M) => View;
  /** Passed to the root model's init when the session is new. */
  options?: unknown;
  /** Shown in the header and the tab title. */
  title: string;
  /** One line in the header telling a player what to do. */
  hint?: string;
  /** The stage never scrolls (canvas games). */
  full?: boolean;
  /** Sent with this client's view-join (e.g. `{ name }`). */
  viewData?: unknown;
  /** Check every view frame for writes to the model (default: in the Vite dev server only). */
  devChecks?: boolean;
  /** Show the stats overlay from the start (default false: a "Stats" button in the dock). */
  stats?: boolean;
}

export interface StartedGame<M extends Model> {
  session: Session<M>;
  widgets: Widgets;
  /** Session name and password as used (from the URL, or made up here). */
  params: SessionFromUrl;
}

declare global {
  interface Window {
    /** Set once joined, for end-to-end tests: read `session.model`, `session.hash()`, `session.connected`. */
    tandem?: { session: Session; widgets: Widgets };
  }
}

/**
 * Session name and password from the fragment. A link with a name but no password joins
 * that name without one (so `#name=test1` means the same session in every tab); with no
 * name at all, a new name and password are made up.
 */
export function sessionParams(href: string): SessionFromUrl {
  const found = parseShareUrl(href);
  if (found.name) return { name: found.name, ...(found.password ? { password: found.password } : {}), url: href, generated: false };
  return sessionFromUrl(href);
}

/** `?reflector=ws://host:port` overrides the default (this page's host at /reflector). */
export function reflectorOverride(href: string): string | undefined {
  const value = new URL(href).searchParams.get("reflector");
  if (!value) return undefined;
  if (!/^wss?:\/\//.test(value)) {
    console.warn(`[tandem] ignoring ?reflector=${value}: it must start with ws:// or wss://`);
    return undefined;
  }
  return value;
}

/** `?devChecks=0` / `?devChecks=1` overrides the default (on in the Vite dev server). */
export function devChecksOverride(href: string): boolean | undefined {
  const value = new URL(href).searchParams.get("devChecks");
  return value === null ? undefined : value !== "0" && value !== "false";
}

/** Tags the widgets' interactive parts with data-testid (they are engine DOM with classes only). */
function tagWidgets(widgets: Widgets): void {
  const tag = (root: Element | null | undefined, selector: string, id: string): void => {
    const e = root?.matches(selector) ? root : root?.querySelector(selector);
    if (e instanceof HTMLElement) e.dataset.testid = id;
  };
  const dock = widgets.dock?.element;
  tag(dock, ".tandem-dock", "dock");
  tag(dock, ".tandem-dock-toggle", "dock-toggle");
  tag(dock, ".tandem-indicator", "connection");
  tag(dock, ".tandem-qr", "share-qr");
  tag(dock, ".tandem-share-link", "share-link");
  tag(dock, ".tandem-copy", "share-copy");
  tag(dock, ".tandem-dock-button", "stats-toggle");
  tag(widgets.progress?.element, ".tandem-progress", "progress");
  tag(widgets.stats?.element, ".tandem-stats", "stats");
}

/** Tells the player why joining failed, in words that say what to do about it. */
function showJoinFailure(err: unknown, where: string, name: string): void {
  const message = (err as Error)?.message ?? String(err);
  const retry = { label: "Try again", run: () => location.reload() };
  const fresh = { label: "Start a new session", run: () => location.assign(location.pathname + location.search) };
  const reason = err instanceof JoinError ? err.reason : "refused";
  switch (reason) {
    case "wrong-password":
      return void showNotice("error", "Wrong password for this session", [
        "This page cannot decrypt the session ", h("code", { text: name }),
        ": the password in the link (", h("code", { text: "#pw=…" }), ") is not the one the session was made with. Ask whoever shared it for the link again, or start a new session.",
      ], fresh);
    case "password-required":
      return void showNotice("error", "This session needs its password", [
        "The session ", h("code", { text: name }), " is end-to-end encrypted and this link has no password. Open the full invite link (it ends in ",
        h("code", { text: "#name=…&pw=…" }), "), or start a new session.",
      ], fresh);
    case "unreachable":
      return void showNotice("error", "Could not join the game", ["The reflector at ", h("code", { text: where }), " did not answer. Is it running?"], retry);
    case "refused":
      return void showNotice("error", "Could not join the game", ["The reflector at ", h("code", { text: where }), " refused to let this page in: ", h("code", { text: message })], retry);
  }
}

/** Lays out the page, joins the session from the URL with the game's model and view, mounts the widgets. */
export async function startGame<M extends Model>(game: StartOptions<M>): Promise<StartedGame<M> | null> {
  mountPage({ title: game.title, hint: game.hint, full: game.full });
  const params = sessionParams(location.href);
  // a reload, or this URL opened in another tab, joins the same session
  if (params.generated) history.replaceState(history.state, "", params.url);
  const reflector = reflectorOverride(location.href);

  const progress = createProgressBar({ initial: "Joining…" });
  let session: Session<M>;
  try {
    session = await Session.join({
      appId: game.appId,
      name: params.name,
      password: params.password,
      model: game.model,
      view: game.view,
      options: game.options,
      viewData: game.viewData,
      reflector,
      devChecks: devChecksOverride(location.href) ?? game.devChecks ?? import.meta.env.DEV,
      onProgress: (p) => progress.show(p, p < 1 ? "Catching up…" : "Starting…"),
    });
  } catch (err) {
    progress.destroy();
    console.error("[tandem] could not join:", err);
    showJoinFailure(err, reflector ?? `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/reflector`, params.name);
    return null;
  }

  // the dock starts open for whoever made the session (they will want to invite someone)
  const widgets = mountWidgets(session, {
    progress,
    dock: { name: params.name, password: params.password, collapsed: !params.generated },
    stats: game.stats ?? false,
  });
  tagWidgets(widgets);
  // leaving at once lets the others' presence lists update without waiting for a timeout
  addEventListener("pagehide", () => void session.leave());
  window.tandem = { session: session as unknown as Session, widgets };
  return { session, widgets, params };
}
