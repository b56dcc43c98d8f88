// What the widgets need of a session. A Session satisfies it; the optional fields are
// shown when the session exposes them, so widgets keep working as the session grows.
import type { SessionStatus } from "../../session/session.ts";

export interface WidgetSession {
  readonly id: string;
  readonly viewId: string;
  readonly status: SessionStatus;
  onStatus(fn: (s: SessionStatus) => void): () => void;
  addViewSubscription(scope: string, event: string, fn: (data: unknown) => void): void;
  removeViewSubscription(scope: string, event: string, fn: (data: unknown) => void): void;
  /** The model runtime (its `time` is the model time in ms). */
  readonly runtime?: { readonly time: number } | null;
  /** Catch-up progress 0..1. */
  readonly progress?: number;
  /** Events published and not yet echoed by the reflector. */
  readonly unacknowledged?: number;
  /** Reflector messages received and not yet applied (if exposed). */
  readonly pending?: number;
  /** Round-trip time to the reflector in ms (if measured). */
  readonly ping?: number;
  /** This client's events are waiting (refused for now, or unacknowledged for over a second), if exposed. */
  readonly held?: boolean;
}

/** Subscribes to a view-local session event (scope = viewId); returns the unsubscribe. */
export function onViewEvent(session: WidgetSession, event: string, fn: (data: unknown) => void): () => void {
  session.addViewSubscription(session.viewId, event, fn);
  return () => session.removeViewSubscription(session.viewId, event, fn);
}
