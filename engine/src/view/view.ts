// The View base class: local, per-client code that reads the model and publishes events.
// It never writes the model; model→view events reach it before its next update().
import type { Model } from "../model/model.ts";
import { currentViewHost, type ViewHost } from "./view-host.ts";

export type ViewHandler = (data: never) => void;

export class View {
  readonly session: ViewHost;
  private subs: { scope: string; event: string; fn: (data: unknown) => void }[] = [];

  /** Views are made by the session (`view: MyView` in Session.join), which passes the root model. */
  constructor(readonly model: Model) {
    const host = currentViewHost();
    if (!host) throw new Error("Views are created by the session (pass `view: MyView` to Session.join), or by another view while it is constructed");
    this.session = host;
  }

  get viewId(): string {
    return this.session.viewId;
  }

  get sessionId(): string {
    return this.session.id;
  }

  /** Subscribes to model→view (or view-local) events; the handler is called with `this` bound. */
  subscribe(scope: string, event: string, handler: ViewHandler): void {
    const fn = (handler as (data: unknown) => void).bind(this);
    this.subs.push({ scope, event, fn });
    this.session.addViewSubscription(scope, event, fn);
  }

  unsubscribe(scope: string, event: string): void {
    for (const s of this.subs) if (s.scope === scope && s.event === event) this.session.removeViewSubscription(scope, event, s.fn);
    this.subs = this.subs.filter((s) => !(s.scope === scope && s.event === event));
  }

  /** Sends an event to the model through the reflector (every client gets it, in order). */
  publish(scope: string, event: string, data?: unknown): void {
    this.session.publish(scope, event, data);
  }

  /** Called every animation frame with the local time in ms. */
  update(_time: number): void {}

  /** Removes this view's subscriptions; override to tear down DOM/renderers (call super). */
  detach(): void {
    for (const s of this.subs) this.session.removeViewSubscription(s.scope, s.event, s.fn);
    this.subs = [];
  }
}
