// DOM helpers shared by the sample games: `h` builds elements tersely, `mountPage` lays out
// the page (header bar with title and hint, a stage filling the rest) once, and
// `showNotice` replaces the stage's content with a message (e.g. "cannot reach the reflector").

type Child = Node | string | number | null | undefined | false;

export interface Props {
  /** class attribute */
  class?: string;
  /** data-testid: stable hooks for end-to-end tests */
  testid?: string;
  text?: string;
  attrs?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (e: HTMLElementEventMap[K]) => void }>;
}

/** `h("button", { class: "btn", testid: "reset", on: { click } }, "Reset")` */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.testid) e.dataset.testid = props.testid;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) e.setAttribute(k, v);
  if (props.on) {
    for (const [type, fn] of Object.entries(props.on)) e.addEventListener(type, fn as EventListener);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(typeof c === "number" ? String(c) : c);
  return e;
}

export interface PageOptions {
  title: string;
  /** One line telling a player what to do. */
  hint?: string;
  /** The stage never scrolls (canvas games). */
  full?: boolean;
}

export interface Page {
  readonly header: HTMLElement;
  /** Where a game's view puts its DOM or canvas; fills everything below the header. */
  readonly stage: HTMLElement;
}

let page: Page | null = null;

/** Lays out the page (once; later calls update title and hint) and returns its parts. */
export function mountPage(options: PageOptions): Page {
  document.title = `${options.title} · Tandem`;
  if (!page) {
    const header = h("header", { class: "page-header", testid: "page-header" });
    const stage = h("main", { class: "page-stage", testid: "stage", attrs: { id: "stage" } });
    document.body.prepend(header, stage);
    page = { header, stage };
  }
  page.stage.classList.toggle("full", !!options.full);
  page.header.replaceChildren(
    h("a", { class: "page-home", text: "Tandem", attrs: { href: "/" } }),
    h("span", { class: "page-sep", text: "/" }),
    h("h1", { class: "page-title", testid: "page-title", text: options.title }),
  );
  if (options.hint) page.header.append(h("span", { class: "page-hint", text: options.hint }));
  return page;
}

/** The stage of the mounted page (views call this from their constructor). */
export function gameStage(): HTMLElement {
  if (!page) throw new Error("mountPage() (or startGame()) must run before a view is made");
  return page.stage;
}

/** Shows a message in place of the game; `action` adds a button. */
export function showNotice(kind: "info" | "error", title: string, body: (Node | string)[], action?: { label: string; run: () => void }): HTMLElement {
  const notice = h(
    "section",
    { class: `page-notice ${kind}`, testid: "notice", attrs: { role: kind === "error" ? "alert" : "status" } },
    h("h2", { text: title }),
    h("p", {}, ...body),
    action ? h("button", { class: "btn primary", testid: "notice-action", text: action.label, on: { click: action.run } }) : null,
  );
  gameStage().replaceChildren(notice);
  return notice;
}
