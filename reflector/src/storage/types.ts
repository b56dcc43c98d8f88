// The storage interface of the reflector: one store per session, holding the latest snapshot
// and an append-only log of the stamped stream after it. Memory and disk implement it.
import type { SnapshotRef, Stamped } from "../../../engine/src/protocol/messages.ts";
import type { SessionState } from "../sequencer.ts";

/** One entry of a session's log. */
export type LogRecord =
  /** A stamped stream message; `clientSeq` is the sender's seq for EVENTs (0 otherwise). */
  | { type: "stamp"; stamped: Stamped; clientSeq: number }
  /** Model time clients may have seen (a lease): a restart resumes at or after it. */
  | { type: "time"; time: number };

/** What a store hands back when a session is loaded. */
export interface LoadedSession {
  state: SessionState;
  /** Views that joined and have not exited, with their viewData (they get a reconnect grace). */
  views: Map<string, Uint8Array>;
}

export interface SessionStore {
  /** The persisted session, or null when the session is new. */
  load(): Promise<LoadedSession | null>;
  /** Persists records in order; resolves once they are written. */
  append(records: readonly LogRecord[]): Promise<void>;
  /** Adopts a newer snapshot (its seq must be in the log) and drops the log before it. */
  saveSnapshot(snapshot: SnapshotRef): Promise<void>;
  close(): Promise<void>;
}

export interface Storage {
  readonly kind: "memory" | "disk";
  open(sessionId: string): Promise<SessionStore>;
  close(): Promise<void>;
}
