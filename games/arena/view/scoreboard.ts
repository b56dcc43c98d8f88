// The scoreboard: a DOM panel over the canvas listing players best first, with their colour,
// score and kills/deaths; the local player's row is highlighted. Rebuilt only when the model
// publishes "scores" (a handful of rows: replacing them is simpler than diffing).
import { h } from "../../shared/page.ts";
import type { ScoreRow } from "../model.ts";

export const css = (colour: number): string => `#${colour.toString(16).padStart(6, "0")}`;

export class Scoreboard {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;

  constructor(private readonly me: string) {
    this.list = h("ol", { class: "arena-score-list", testid: "score-list" });
    this.element = h("section", { class: "panel arena-scoreboard", testid: "scoreboard", attrs: { "aria-label": "Scores" } },
      h("h2", { class: "panel-title", text: "Scores" }), this.list);
  }

  show(rows: readonly ScoreRow[]): void {
    this.list.replaceChildren(...rows.map((r, i) => {
      const mine = r.viewId === this.me;
      const li = h("li", { class: `arena-score-row${mine ? " me" : ""}`, testid: "score-row", attrs: { "data-view-id": r.viewId, "data-score": String(r.score), "data-me": String(mine), title: mine ? "you" : r.name } },
        h("span", { class: "arena-rank", text: String(i + 1) }),
        h("span", { class: "arena-swatch", attrs: { style: `background:${css(r.colour)};box-shadow:0 0 8px ${css(r.colour)}` } }),
        h("span", { class: "arena-name", text: r.name }),
        h("span", { class: "arena-kd tabular", text: `${r.kills}/${r.deaths}`, attrs: { title: "kills / deaths" } }),
        h("span", { class: "arena-score tabular", testid: mine ? "my-score" : "score", text: String(r.score) }),
      );
      return li;
    }));
  }
}
