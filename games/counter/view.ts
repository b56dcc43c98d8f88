// Counter view: one big shared number with "+1" and "Reset" buttons. Buttons only publish
// "increment" / "reset"; the number changes when the model's "changed" comes back, so every
// client shows the same count at the same point of the event stream.
import { View } from "tandem";
import { gameStage, h } from "../shared/page.ts";
import type { Counter } from "./model.ts";

export class CounterView extends View {
  private readonly root: HTMLElement;
  private readonly number: HTMLElement;

  constructor(model: Counter) {
    super(model);
    this.number = h("output", { class: "counter-number tabular", testid: "count", attrs: { "aria-live": "polite" } });
    const inc = h("button", { class: "btn primary big", testid: "increment", text: "+1", on: { click: () => this.publish(this.sessionId, "increment") } });
    const reset = h("button", { class: "btn big", testid: "reset", text: "Reset", on: { click: () => this.publish(this.sessionId, "reset") } });
    this.root = h(
      "div",
      { class: "game-counter" },
      h("p", { class: "counter-caption muted", text: "Shared by everyone in this session" }),
      this.number,
      h("div", { class: "counter-buttons" }, inc, reset),
      h("p", { class: "counter-tip muted", text: "Open the invite link in another tab or on your phone, then press +1 there." }),
    );
    gameStage().replaceChildren(this.root);
    this.show(model.count, false);
    this.subscribe(this.sessionId, "changed", this.onChanged);
  }

  private onChanged(count: number): void {
    this.show(count, true);
  }

  private show(count: number, animate: boolean): void {
    this.number.textContent = String(count);
    this.number.dataset.value = String(count);
    if (!animate) return;
    // restart the bump animation
    this.number.classList.remove("bump");
    void this.number.offsetWidth;
    this.number.classList.add(count === 0 ? "bump-reset" : "bump");
  }

  override detach(): void {
    super.detach();
    this.root.remove();
  }
}
