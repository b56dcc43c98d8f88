// Disk storage: per session a directory (named by a hash of the session id) holding the latest
// snapshot and an append-only log of everything stamped after it. Appends are written before
// the reflector relays them, so an acknowledged event survives a kill. A new snapshot is
// written to a temp file and renamed, then the log is rewritten to start after it (also by
// rename); a kill between the two leaves an older log that the loader aligns to the snapshot.
import { createHash } from "node:crypto";
import { mkdir, open, readFile, rename, writeFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { SnapshotRef } from "../../../engine/src/protocol/messages.ts";
import { acquireDirLock } from "./dir-lock.ts";
import { Journal } from "./journal.ts";
import { concat, encodeCheckpoint, encodeRecord, encodeSnapshotFile, logHeader, parseLog, parseSnapshotFile } from "./log-format.ts";
import type { LoadedSession, LogRecord, SessionStore, Storage } from "./types.ts";

export interface DiskStorageOptions {
  /** fsync after every append and rotation (survives power loss, not just a process kill). */
  fsync?: boolean;
  log?: (line: string) => void;
}

/** File-system-safe directory name for an opaque session id. */
export function sessionDirName(sessionId: string): string {
  return createHash("sha256").update(sessionId, "utf8").digest("hex").slice(0, 32);
}

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

class DiskStore implements SessionStore {
  private fh: FileHandle | null = null;
  private readonly journal = new Journal();
  private loaded: LoadedSession | null = null;

  constructor(
    private readonly dir: string,
    private readonly fsync: boolean,
    private readonly log: (line: string) => void,
  ) {}

  private get logPath(): string {
    return join(this.dir, "log.bin");
  }
  private get snapshotPath(): string {
    return join(this.dir, "snapshot.bin");
  }

  async open(sessionId: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const snapBytes = await readIfExists(this.snapshotPath);
    if (snapBytes) {
      try {
        this.journal.snapshot = parseSnapshotFile(snapBytes);
      } catch (err) {
        this.log(`storage: ignoring unreadable snapshot in ${this.dir}: ${(err as Error).message}`);
      }
    }
    const logBytes = await readIfExists(this.logPath);
    if (logBytes) {
      const parsed = parseLog(logBytes);
      if (parsed.checkpoint) this.journal.applyCheckpoint(parsed.checkpoint);
      for (const r of parsed.records) this.journal.apply(r);
      if (parsed.checkpoint?.baseSeq !== (this.journal.snapshot?.seq ?? null)) this.journal.alignToSnapshot();
      if (parsed.validLength < logBytes.length) {
        this.log(`storage: dropping a torn tail of ${logBytes.length - parsed.validLength} bytes in ${this.logPath}`);
      }
      this.fh = await open(this.logPath, "r+");
      await this.fh.truncate(parsed.validLength);
      await this.fh.close();
    } else {
      await writeFile(join(this.dir, "session-id.txt"), sessionId);
      await this.writeLogFile();
    }
    this.fh = await open(this.logPath, "a");
    this.loaded = this.journal.load();
  }

  load(): Promise<LoadedSession | null> {
    return Promise.resolve(this.loaded);
  }

  async append(records: readonly LogRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (!this.fh) throw new Error("storage: session store is closed");
    await this.fh.appendFile(concat(records.map(encodeRecord)));
    if (this.fsync) await this.fh.datasync();
    for (const r of records) this.journal.apply(r);
  }

  async saveSnapshot(snapshot: SnapshotRef): Promise<void> {
    if (!this.journal.cut(snapshot)) return;
    const tmp = `${this.snapshotPath}.tmp`;
    await this.writeDurably(tmp, encodeSnapshotFile(snapshot));
    await rename(tmp, this.snapshotPath);
    await this.fh?.close();
    this.fh = null;
    await this.writeLogFile();
    this.fh = await open(this.logPath, "a");
  }

  async close(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    await fh?.close();
  }

  /** Writes a fresh log (checkpoint + tail) next to the old one and renames it over. */
  private async writeLogFile(): Promise<void> {
    const parts = [logHeader(), encodeCheckpoint(this.journal.checkpoint())];
    for (const r of this.journal.records()) parts.push(encodeRecord({ type: "stamp", stamped: r.stamped, clientSeq: r.clientSeq }));
    const tmp = `${this.logPath}.tmp`;
    await this.writeDurably(tmp, concat(parts));
    await rename(tmp, this.logPath);
  }

  private async writeDurably(path: string, bytes: Uint8Array): Promise<void> {
    const fh = await open(path, "w");
    try {
      await fh.writeFile(bytes);
      if (this.fsync) await fh.sync();
    } finally {
      await fh.close();
    }
  }
}

/** Disk storage under `root`, which it locks for this reflector until `close` (see dir-lock.ts). */
export function createDiskStorage(root: string, options: DiskStorageOptions = {}): Storage {
  const log = options.log ?? ((line: string) => console.error(line));
  const lock = acquireDirLock(root);
  return {
    kind: "disk",
    async open(sessionId) {
      await lock.ready;
      const store = new DiskStore(join(root, sessionDirName(sessionId)), options.fsync ?? false, log);
      await store.open(sessionId);
      return store;
    },
    close: () => {
      lock.release();
      return Promise.resolve();
    },
  };
}
