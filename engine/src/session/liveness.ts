// Notices when a connection is dead or should sleep, where the socket itself says nothing:
// - silence: the reflector ticks several times a second, so no message for `silenceMs`
//   means a half-open socket;
// - device sleep: a long gap between our own timer runs means the machine was asleep;
// - hidden tab: after `autoSleep` seconds hidden, disconnect; rejoin when visible again.

export interface LivenessOptions {
  clock: () => number;
  silenceMs: number;
  /** Seconds a hidden tab stays connected; false = never sleep. */
  autoSleep: number | false;
  /** Whether there is a joined connection to watch. */
  isLive: () => boolean;
  onDead: (reason: "slept" | "silent") => void;
  onHidden: () => void;
  onVisible: () => void;
}

export class Liveness {
  private lastHeard: number;
  private lastWatch: number;
  private readonly interval: ReturnType<typeof setInterval>;
  private hiddenTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly hasDocument = typeof document !== "undefined";

  constructor(private readonly opts: LivenessOptions) {
    this.lastHeard = this.lastWatch = opts.clock();
    this.interval = setInterval(() => this.check(), 1000);
    (this.interval as { unref?: () => void }).unref?.();
    if (this.hasDocument) document.addEventListener("visibilitychange", this.onVisibility);
  }

  /** A frame arrived from the reflector. */
  heard(): void {
    this.lastHeard = this.opts.clock();
  }

  stop(): void {
    clearInterval(this.interval);
    if (this.hiddenTimer) clearTimeout(this.hiddenTimer);
    this.hiddenTimer = null;
    if (this.hasDocument) document.removeEventListener("visibilitychange", this.onVisibility);
  }

  private check(): void {
    const t = this.opts.clock();
    const slept = t - this.lastWatch > 5000;
    this.lastWatch = t;
    if (!this.opts.isLive()) return;
    if (slept) this.opts.onDead("slept");
    else if (t - this.lastHeard > this.opts.silenceMs) this.opts.onDead("silent");
  }

  private readonly onVisibility = (): void => {
    const after = this.opts.autoSleep;
    if (after === false) return;
    if (document.visibilityState === "hidden") {
      if (!this.hiddenTimer) {
        this.hiddenTimer = setTimeout(() => {
          this.hiddenTimer = null;
          this.opts.onHidden();
        }, after * 1000);
      }
    } else {
      if (this.hiddenTimer) clearTimeout(this.hiddenTimer);
      this.hiddenTimer = null;
      this.opts.onVisible();
    }
  };
}
