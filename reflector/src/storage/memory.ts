// Memory storage: sessions survive being unloaded while the process lives, not a restart.
import type { SnapshotRef } from "../../../engine/src/protocol/messages.ts";
import { Journal } from "./journal.ts";
import type { LoadedSession, LogRecord, SessionStore, Storage } from "./types.ts";

class MemoryStore implements SessionStore {
  constructor(private readonly journal: Journal) {}
  load(): Promise<LoadedSession | null> {
    return Promise.resolve(this.journal.load());
  }
  append(records: readonly LogRecord[]): Promise<void> {
    for (const r of records) this.journal.apply(r);
    return Promise.resolve();
  }
  saveSnapshot(snapshot: SnapshotRef): Promise<void> {
    this.journal.cut(snapshot);
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function createMemoryStorage(): Storage {
  const journals = new Map<string, Journal>();
  return {
    kind: "memory",
    open(sessionId) {
      let j = journals.get(sessionId);
      if (!j) journals.set(sessionId, (j = new Journal()));
      return Promise.resolve(new MemoryStore(j));
    },
    close: () => Promise.resolve(),
  };
}
