// Timer view: the shared 60 s countdown as big digits inside a draining ring, with Start and
// Reset (they publish "start" / "reset"). The model only ticks once a second, so the digits
// are derived from the model's start time and an estimate of model time "now" (ModelClock),
// kept within the second the model last reported. "timerExpired" shows "Time's up!".
import { ModelClock, View } from "tandem";
import { gameStage, h } from "../shared/page.ts";
import { DURATION_MS, TICK_MS, type Timer } from "./model.ts";

const SVG = "http://www.w3.org/2000/svg";
const RADIUS = 140;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

type State = "ready" | "running" | "expired";

function ring(): { svg: SVGSVGElement; arc: SVGCircleElement } {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 320 320");
  svg.classList.add("timer-ring");
  const circle = (cls: string): SVGCircleElement => {
    const c = document.createElementNS(SVG, "circle");
    c.setAttribute("cx", "160");
    c.setAttribute("cy", "160");
    c.setAttribute("r", String(RADIUS));
    c.setAttribute("class", cls);
    svg.append(c);
    return c;
  };
  circle("timer-track");
  const arc = circle("timer-arc");
  arc.setAttribute("stroke-dasharray", String(CIRCUMFERENCE));
  return { svg, arc };
}

/** 59 300 ms → ["0:59", ".3"] (tenths rounded down, so 0 shows only at the end). */
function format(ms: number): [string, string] {
  const tenths = Math.floor(Math.max(0, ms) / 100);
  const s = Math.floor(tenths / 10);
  return [`${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`, `.${tenths % 10}`];
}

export class TimerView extends View {
  declare readonly model: Timer;
  private readonly root: HTMLElement;
  private readonly face: HTMLElement;
  private readonly digits: HTMLElement;
  private readonly tenths: HTMLElement;
  private readonly status: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly startBtn: HTMLButtonElement;
  private readonly arc: SVGCircleElement;
  private readonly clock = new ModelClock();
  private state: State | null = null;
  private shown = "";

  constructor(model: Timer) {
    super(model);
    const { svg, arc } = ring();
    this.arc = arc;
    this.digits = h("span", { class: "timer-digits" });
    this.tenths = h("span", { class: "timer-tenths" });
    this.status = h("div", { class: "timer-status", testid: "timer-status" });
    this.face = h("div", { class: "timer-face" }, svg, h("div", { class: "timer-readout tabular", testid: "timer-display" }, this.digits, this.tenths), this.status);
    this.banner = h("div", { class: "timer-banner", testid: "times-up", text: "Time's up!", attrs: { role: "alert" } });
    this.startBtn = h("button", { class: "btn primary big", testid: "timer-start", text: "Start", on: { click: () => this.publish(this.sessionId, "start") } });
    const resetBtn = h("button", { class: "btn big", testid: "timer-reset", text: "Reset", on: { click: () => this.publish(this.sessionId, "reset") } });
    this.root = h(
      "div",
      { class: "game-timer" },
      this.face,
      this.banner,
      h("div", { class: "timer-buttons" }, this.startBtn, resetBtn),
      h("p", { class: "muted timer-tip", text: "Anyone can start or reset it; it ends at the same moment of the shared timeline for everyone." }),
    );
    gameStage().replaceChildren(this.root);
    this.subscribe(this.sessionId, "timerExpired", this.onExpired);
    this.subscribe(this.sessionId, "timerReset", this.onReset);
    this.update(performance.now());
  }

  private onExpired(): void {
    // restart the entrance animation even if the previous run's banner is still up
    this.banner.classList.remove("enter");
    void this.banner.offsetWidth;
    this.banner.classList.add("enter");
    this.update(performance.now());
  }

  private onReset(): void {
    this.banner.classList.remove("enter");
    this.update(performance.now());
  }

  /** Remaining ms to show now: the model's, smoothed between its once-a-second ticks. */
  private remaining(now: number): number {
    const m = this.model;
    if (!m.running) return m.remaining;
    const estimate = this.clock.estimate(now);
    const smooth = DURATION_MS - (estimate - m.startedAt);
    // never ahead of what the model said, never more than a tick behind it
    return Math.min(m.remaining, Math.max(m.remaining - TICK_MS, smooth));
  }

  override update(time: number): void {
    const m = this.model;
    this.clock.observe(m.now(), time);
    const state: State = m.running ? "running" : m.expiredAt >= 0 ? "expired" : "ready";
    if (state !== this.state) {
      this.state = state;
      this.root.dataset.state = state;
      this.startBtn.disabled = state === "running";
      this.startBtn.textContent = state === "expired" ? "Start again" : "Start";
      this.status.textContent = state === "running" ? "Running" : state === "expired" ? "Time's up!" : "Ready";
    }
    const left = this.remaining(time);
    const [digits, tenths] = format(left);
    if (digits + tenths !== this.shown) {
      this.shown = digits + tenths;
      this.digits.textContent = digits;
      this.tenths.textContent = tenths;
      this.face.dataset.remaining = String(Math.round(left));
      this.arc.setAttribute("stroke-dashoffset", String(CIRCUMFERENCE * (1 - left / DURATION_MS)));
    }
  }

  override detach(): void {
    super.detach();
    this.root.remove();
  }
}
