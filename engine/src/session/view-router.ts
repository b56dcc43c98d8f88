// Per-client table of view subscriptions, and delivery of model→view events to them.
import { topicKey, type ViewEvent } from "../model/runtime.ts";

export class ViewRouter {
  private subs = new Map<string, ((data: unknown) => void)[]>();

  add(scope: string, event: string, fn: (data: unknown) => void): void {
    const key = topicKey(scope, event);
    const list = this.subs.get(key);
    if (list) list.push(fn);
    else this.subs.set(key, [fn]);
  }

  remove(scope: string, event: string, fn: (data: unknown) => void): void {
    const key = topicKey(scope, event);
    const list = this.subs.get(key)?.filter((f) => f !== fn);
    if (list && list.length > 0) this.subs.set(key, list);
    else this.subs.delete(key);
  }

  has(scope: string, event: string): boolean {
    return this.subs.has(topicKey(scope, event));
  }

  /** Delivers events in order; a throwing view handler is logged and does not stop the others. */
  deliver(events: ViewEvent[]): void {
    for (const e of events) this.emit(e.scope, e.event, e.data);
  }

  emit(scope: string, event: string, data: unknown): void {
    const list = this.subs.get(topicKey(scope, event));
    if (!list) return;
    for (const fn of list.slice()) {
      try {
        fn(data);
      } catch (err) {
        console.error(`[tandem] error in view handler for "${scope}" "${event}":`, err);
      }
    }
  }

  clear(): void {
    this.subs.clear();
  }
}
