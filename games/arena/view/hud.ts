// DOM overlays around the canvas: the local player's status (alive with hp and shield,
// destroyed with a countdown, or watching when the arena is full), the controls help,
// and a mute button. Text is only rewritten when it changes.
import { h } from "../../shared/page.ts";
import { SHIP_HP, STEPS_PER_SECOND } from "../model/constants.ts";

export type LocalState = { kind: "alive"; hp: number; shieldSteps: number } | { kind: "dead"; respawnSteps: number } | { kind: "watching" };

export class Hud {
  readonly status: HTMLElement;
  readonly help: HTMLElement;
  readonly mute: HTMLButtonElement;
  private shown = "";
  private readonly onKey: (e: KeyboardEvent) => void;

  constructor(onMute: () => boolean) {
    this.status = h("div", { class: "arena-status", testid: "arena-status" });
    this.help = h("div", { class: "arena-help", testid: "arena-help" },
      h("span", {}, h("kbd", { text: "W" }), "/", h("kbd", { text: "↑" }), " thrust"),
      h("span", {}, h("kbd", { text: "A" }), h("kbd", { text: "D" }), "/", h("kbd", { text: "←" }), h("kbd", { text: "→" }), " turn"),
      h("span", {}, h("kbd", { text: "Space" }), " fire"),
      h("span", { class: "muted" }, "or aim with the mouse and hold the button"),
    );
    this.mute = h("button", { class: "arena-mute", testid: "arena-mute", attrs: { type: "button", title: "Sound on/off (M)", "aria-pressed": "false" }, text: "Sound on · M" });
    const toggle = (): void => {
      const muted = onMute();
      this.mute.textContent = muted ? "Sound off · M" : "Sound on · M";
      this.mute.setAttribute("aria-pressed", String(muted));
    };
    this.mute.addEventListener("click", toggle);
    this.onKey = (e) => {
      if (e.code === "KeyM" && !e.repeat && !(e.target instanceof HTMLInputElement)) toggle();
    };
    addEventListener("keydown", this.onKey);
  }

  show(name: string, s: LocalState): void {
    let text: string, state: string;
    if (s.kind === "alive") {
      state = "alive";
      const hearts = "♥".repeat(Math.max(0, s.hp)) + "♡".repeat(Math.max(0, SHIP_HP - s.hp));
      text = `${name} · ${hearts}${s.shieldSteps > 0 ? ` · shield ${(s.shieldSteps / STEPS_PER_SECOND).toFixed(1)} s` : ""}`;
    } else if (s.kind === "dead") {
      state = "dead";
      text = `${name} · destroyed — back in ${(s.respawnSteps / STEPS_PER_SECOND).toFixed(1)} s`;
    } else {
      state = "watching";
      text = "Arena full — watching";
    }
    const key = state + text;
    if (key === this.shown) return;
    this.shown = key;
    this.status.dataset.state = state;
    this.status.textContent = text;
  }

  destroy(): void {
    removeEventListener("keydown", this.onKey);
    this.status.remove();
    this.help.remove();
    this.mute.remove();
  }
}
