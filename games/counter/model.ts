// Counter: the smallest shared model. Any client can increment or reset; every view is told
// the new count. The "hello world" of the engine and the first scenario of the test suite.
import { Model } from "tandem";

export class Counter extends Model {
  count = 0;

  override init() {
    this.subscribe(this.sessionId, "increment", this.increment);
    this.subscribe(this.sessionId, "reset", this.reset);
  }

  increment() {
    this.count += 1;
    this.publish(this.sessionId, "changed", this.count);
  }

  reset() {
    this.count = 0;
    this.publish(this.sessionId, "changed", this.count);
  }
}
Counter.register("Counter");
