// GameLoop: a classic self-scheduling loop (future(16)) that advances a position by
// velocity × elapsed model time, so the result does not depend on the loop period.
import { Model } from "tandem";

export const LOOP_MS = 16;

export interface GameLoopOptions {
  /** Units per second (default 100). */
  velocity?: number;
}

export class GameLoop extends Model {
  running = false;
  ticks = 0;
  position = 0;
  velocity = 100;
  /** Model time up to which `position` is integrated. */
  lastTime = 0;

  override init(options?: GameLoopOptions) {
    if (options?.velocity !== undefined) this.velocity = options.velocity;
    this.subscribe(this.sessionId, "start", this.start);
    this.subscribe(this.sessionId, "stop", this.stop);
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.lastTime = this.now();
    this.future(LOOP_MS).tick();
    this.publish(this.sessionId, "running-changed", true);
  }

  stop() {
    if (!this.running) return;
    this.integrate(); // count the time since the last tick too
    this.running = false;
    this.cancelFuture(this.tick);
    this.publish(this.sessionId, "running-changed", false);
  }

  tick() {
    if (!this.running) return;
    this.integrate();
    this.ticks += 1;
    this.future(LOOP_MS).tick();
  }

  private integrate() {
    const now = this.now();
    this.position += (this.velocity * (now - this.lastTime)) / 1000;
    this.lastTime = now;
  }
}
GameLoop.register("GameLoop");
