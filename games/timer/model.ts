// Timer: a 60 s countdown ticking once a second with future(1000). It expires exactly
// 60 000 ms of model time after "start", on every client at the same point in the stream.
import { Model } from "tandem";

export const DURATION_MS = 60_000;
export const TICK_MS = 1000;

export interface TimerExpired {
  startedAt: number;
  expiredAt: number;
}

export class Timer extends Model {
  running = false;
  /** Model time of the last start, -1 if never started since the last reset. */
  startedAt = -1;
  remaining = DURATION_MS;
  expiredAt = -1;

  override init() {
    this.subscribe(this.sessionId, "start", this.start);
    this.subscribe(this.sessionId, "reset", this.reset);
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.startedAt = this.now();
    this.remaining = DURATION_MS;
    this.expiredAt = -1;
    this.future(TICK_MS).tick();
  }

  tick() {
    if (!this.running) return;
    // from the start time, not by counting ticks: the result cannot drift
    this.remaining = Math.max(0, DURATION_MS - (this.now() - this.startedAt));
    if (this.remaining > 0) {
      this.publish(this.sessionId, "timerTick", this.remaining);
      this.future(TICK_MS).tick();
      return;
    }
    this.running = false;
    this.expiredAt = this.now();
    this.publish(this.sessionId, "timerExpired", { startedAt: this.startedAt, expiredAt: this.expiredAt } satisfies TimerExpired);
  }

  reset() {
    this.running = false;
    this.cancelFuture(this.tick);
    this.startedAt = -1;
    this.remaining = DURATION_MS;
    this.expiredAt = -1;
    this.publish(this.sessionId, "timerReset");
  }
}
Timer.register("Timer");
