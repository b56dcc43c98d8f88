// Loot view: a chest to open ("open-chest", one or ten at a time), the rarity rolled shown
// in its colour with a small pop, counts per rarity, and the shared history. Rolls come
// from the session RNG inside the model, so every client shows the very same drops.
import { View } from "tandem";
import { gameStage, h } from "../shared/page.ts";
import { nameColor, nickname } from "../shared/nickname.ts";
import type { Drop, Loot, Rarity } from "./model.ts";

const RARITIES: readonly Rarity[] = ["legendary", "rare", "common"];
const LABEL: Record<Rarity, string> = { legendary: "Legendary", rare: "Rare", common: "Common" };
/** Shown next to each rarity: the model's odds (rarityOf). */
const ODDS: Record<Rarity, string> = { legendary: "10 %", rare: "20 %", common: "70 %" };
const MAX_GEMS = 10;

function chestSvg(): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 120 100");
  svg.setAttribute("aria-hidden", "true");
  svg.classList.add("chest-art");
  const shape = (tag: string, attrs: Record<string, string>): void => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    svg.append(e);
  };
  shape("rect", { x: "12", y: "44", width: "96", height: "50", rx: "6", fill: "#8a5a2b", stroke: "#3b2410", "stroke-width": "3" });
  shape("path", { class: "chest-lid", d: "M12 46 V30 Q12 10 60 10 Q108 10 108 30 V46 Z", fill: "#a86d34", stroke: "#3b2410", "stroke-width": "3" });
  shape("rect", { x: "12", y: "40", width: "96", height: "9", fill: "#d9a441", stroke: "#3b2410", "stroke-width": "2" });
  shape("rect", { x: "52", y: "42", width: "16", height: "22", rx: "3", fill: "#f5c84c", stroke: "#3b2410", "stroke-width": "2" });
  shape("circle", { cx: "60", cy: "54", r: "3", fill: "#3b2410" });
  return svg;
}

export class LootView extends View {
  declare readonly model: Loot;
  private readonly root: HTMLElement;
  private readonly chest: HTMLButtonElement;
  private readonly reveal: HTMLElement;
  private readonly history: HTMLElement;
  private readonly total: HTMLElement;
  private readonly tiles = {} as Record<Rarity, { count: HTMLElement; share: HTMLElement; bar: HTMLElement }>;
  private readonly me = nickname();

  constructor(model: Loot) {
    super(model);
    this.chest = h(
      "button",
      { class: "chest", testid: "open-chest", attrs: { type: "button", "aria-label": "Open a chest" }, on: { click: () => this.open(1) } },
      chestSvg(),
      h("span", { class: "chest-label", text: "Open a chest" }),
    );
    const openTen = h("button", { class: "btn", testid: "open-ten", text: "Open 10", on: { click: () => this.open(10) } });
    this.reveal = h("div", { class: "reveal", testid: "reveal", attrs: { "aria-live": "polite" } });
    this.total = h("span", { class: "tabular", testid: "opened-total" });
    const tiles = RARITIES.map((r) => {
      const count = h("div", { class: "tile-count tabular", testid: `count-${r}` });
      const share = h("div", { class: "tile-share muted tabular" });
      const bar = h("div", { class: "tile-bar-fill" });
      this.tiles[r] = { count, share, bar };
      return h("div", { class: `tile ${r}` }, h("div", { class: "tile-name", text: LABEL[r] }), count, share, h("div", { class: "tile-bar" }, bar));
    });
    this.history = h("ol", { class: "history", testid: "history" });

    this.root = h(
      "div",
      { class: "game-loot" },
      h(
        "section",
        { class: "loot-main" },
        h("div", { class: "chest-row" }, this.chest, h("div", { class: "chest-side" }, this.reveal, openTen)),
        h("div", { class: "tiles" }, ...tiles),
        h("p", { class: "muted loot-total" }, "Chests opened in this session: ", this.total),
      ),
      h("aside", { class: "panel loot-history" }, h("h2", { class: "panel-title", text: "History — the same for everyone" }), this.history),
    );
    gameStage().replaceChildren(this.root);
    this.showReveal(model.history.slice(-1), false);
    this.renderTotals();
    this.renderHistory(new Set());
    this.subscribe(this.sessionId, "looted", this.onLooted);
  }

  private open(count: number): void {
    this.publish(this.sessionId, "open-chest", { count, by: this.me });
    this.chest.classList.remove("shake");
    void this.chest.offsetWidth;
    this.chest.classList.add("shake");
  }

  private onLooted(drops: Drop[]): void {
    this.showReveal(drops, true);
    this.renderTotals();
    this.renderHistory(new Set(drops.map((d) => d.n)));
  }

  /** The best drop of the latest opening, big, plus a gem per chest when several opened. */
  private showReveal(drops: readonly Drop[], animate: boolean): void {
    if (drops.length === 0) {
      this.reveal.removeAttribute("data-rarity");
      this.reveal.replaceChildren(h("div", { class: "reveal-empty muted", text: "Open a chest to see what's inside." }));
      return;
    }
    const best = drops.reduce((a, b) => (RARITIES.indexOf(b.rarity) < RARITIES.indexOf(a.rarity) ? b : a));
    const who = best.by === this.me ? "You" : best.by || "Someone";
    this.reveal.dataset.rarity = best.rarity;
    this.reveal.dataset.n = String(best.n);
    const gems = drops.length > 1 ? h("div", { class: "gems" }, ...drops.slice(-MAX_GEMS).map((d) => h("span", { class: `gem ${d.rarity}`, attrs: { title: `#${d.n} ${LABEL[d.rarity]}` } }))) : null;
    this.reveal.replaceChildren(
      h("div", { class: "reveal-rarity", text: LABEL[best.rarity] }),
      h("div", { class: "reveal-who muted" }, `${who} opened #${best.n}`, drops.length > 1 ? ` (best of ${drops.length})` : ""),
      gems ?? "",
    );
    if (animate) {
      this.reveal.classList.remove("pop");
      void this.reveal.offsetWidth;
      this.reveal.classList.add("pop");
    }
  }

  private renderTotals(): void {
    const { counts, opened } = this.model;
    this.total.textContent = opened.toLocaleString();
    for (const r of RARITIES) {
      const t = this.tiles[r];
      const share = opened ? counts[r] / opened : 0;
      t.count.textContent = counts[r].toLocaleString();
      t.share.replaceChildren(h("span", { text: opened ? `${(share * 100).toFixed(1)} %` : "no drops yet" }), h("span", { text: `odds ${ODDS[r]}` }));
      t.bar.style.width = `${(share * 100).toFixed(1)}%`;
    }
  }

  /** Newest first; `fresh` drops slide in. */
  private renderHistory(fresh: Set<number>): void {
    const items = this.model.history
      .slice()
      .reverse()
      .map((d) =>
        h(
          "li",
          { class: `history-item ${d.rarity}${fresh.has(d.n) ? " fresh" : ""}`, testid: "history-item", attrs: { "data-n": String(d.n), "data-rarity": d.rarity } },
          h("span", { class: "history-n tabular muted", text: `#${d.n}` }),
          h("span", { class: "history-rarity", text: LABEL[d.rarity] }),
          h("span", { class: "history-by", text: d.by || "Someone", attrs: { style: `color: ${nameColor(d.by)}` } }),
          h("span", { class: "history-roll tabular muted", text: d.roll.toFixed(3), attrs: { title: "the roll (0–1) from the session's shared RNG" } }),
        ),
      );
    this.history.replaceChildren(...items);
    if (items.length === 0) this.history.append(h("li", { class: "history-empty muted", text: "Nothing opened yet." }));
  }

  override detach(): void {
    super.detach();
    this.root.remove();
  }
}
