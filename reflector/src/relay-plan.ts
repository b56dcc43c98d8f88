// Plans one flush of a session: which messages each connection gets in this event-loop turn.
// Connections that get exactly the broadcast list share one frame (encoded once, the same
// bytes sent to all); only the few others (a joiner, the client asked for a snapshot, one
// that got an error) get a frame of their own. Pure: no sockets, no encoding.
import type { ServerMsg } from "../../engine/src/protocol/messages.ts";
import type { Outgoing } from "./sequencer.ts";

export interface Recipient {
  conn: string;
  /** Index of the first pending item this connection may receive (it joined at that point). */
  from: number;
}

export interface RelayPlan {
  /** The broadcast messages, and the connections that get exactly those. */
  shared: ServerMsg[];
  sharedTo: string[];
  /** Connections with a frame of their own. */
  own: Map<string, ServerMsg[]>;
}

export function planRelay(items: readonly Outgoing[], recipients: readonly Recipient[]): RelayPlan {
  const special = new Set<string>();
  const shared: ServerMsg[] = [];
  for (const o of items) {
    if (o.to === "*") {
      shared.push(o.msg);
      if (o.except !== undefined) special.add(o.except);
    } else special.add(o.to);
  }
  const plan: RelayPlan = { shared, sharedTo: [], own: new Map() };
  for (const r of recipients) {
    if (r.from === 0 && !special.has(r.conn)) {
      if (shared.length > 0) plan.sharedTo.push(r.conn);
      continue;
    }
    const msgs: ServerMsg[] = [];
    for (let i = r.from; i < items.length; i++) {
      const o = items[i]!;
      if (o.to === r.conn || (o.to === "*" && o.except !== r.conn)) msgs.push(o.msg);
    }
    if (msgs.length > 0) plan.own.set(r.conn, msgs);
  }
  return plan;
}
