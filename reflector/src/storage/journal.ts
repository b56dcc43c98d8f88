// The persisted view of one session, rebuilt from snapshot + log records. Memory storage
// keeps one per session; disk storage mirrors its files in one, and rotates the log from it.
import { StreamKind, type SnapshotRef, type Stamped } from "../../../engine/src/protocol/messages.ts";
import { StampedLog } from "../stamped-log.ts";
import type { LoadedSession, LogRecord } from "./types.ts";

/** Everything a fresh log file starts with (so the log stands alone after a rotation). */
export interface Checkpoint {
  /** Seq of the snapshot this log follows, or null when it starts at the session's beginning. */
  baseSeq: number | null;
  nextSeq: number | null;
  time: number;
  clientSeqs: Map<string, number>;
  views: Map<string, Uint8Array>;
}

export class Journal {
  snapshot: SnapshotRef | null = null;
  /** Stamped records after the snapshot (encoded, see StampedLog), and each one's client seq. */
  tail = new StampedLog();
  tailClientSeqs: number[] = [];
  time = 0;
  nextSeq: number | null = null;
  clientSeqs = new Map<string, number>();
  views = new Map<string, Uint8Array>();

  get empty(): boolean {
    return this.nextSeq === null && this.snapshot === null;
  }

  apply(r: LogRecord): void {
    if (r.type === "time") {
      this.time = Math.max(this.time, r.time);
      return;
    }
    const m = r.stamped;
    this.tail.push(m);
    this.tailClientSeqs.push(r.clientSeq);
    this.time = Math.max(this.time, m.time);
    this.nextSeq = (m.seq + 1) >>> 0;
    if (m.kind === StreamKind.EVENT && r.clientSeq > (this.clientSeqs.get(m.viewId) ?? 0)) this.clientSeqs.set(m.viewId, r.clientSeq);
    else if (m.kind === StreamKind.JOIN) this.views.set(m.viewId, m.payload);
    else if (m.kind === StreamKind.EXIT) this.views.delete(m.viewId);
  }

  applyCheckpoint(c: Checkpoint): void {
    this.time = Math.max(this.time, c.time);
    if (c.nextSeq !== null) this.nextSeq = c.nextSeq;
    for (const [v, s] of c.clientSeqs) if (s > (this.clientSeqs.get(v) ?? 0)) this.clientSeqs.set(v, s);
    this.views = new Map(c.views);
  }

  checkpoint(): Checkpoint {
    return {
      baseSeq: this.snapshot ? this.snapshot.seq : null,
      nextSeq: this.nextSeq,
      time: this.time,
      clientSeqs: new Map(this.clientSeqs),
      views: new Map(this.views),
    };
  }

  /** Adopts `snapshot` if its seq is in the tail; returns false (and changes nothing) otherwise. */
  cut(snapshot: SnapshotRef): boolean {
    const i = this.tail.indexOfSeq(snapshot.seq);
    if (i < 0) return false;
    this.snapshot = snapshot;
    this.dropThrough(i);
    this.time = Math.max(this.time, snapshot.time);
    return true;
  }

  /** Drops tail records up to the snapshot's seq (a log older than its snapshot, after a crash mid-rotation). */
  alignToSnapshot(): void {
    if (!this.snapshot) return;
    const i = this.tail.indexOfSeq(this.snapshot.seq);
    if (i >= 0) this.dropThrough(i);
  }

  /** The tail's records with their client seqs, in order (decoded one at a time). */
  *records(): IterableIterator<{ stamped: Stamped; clientSeq: number }> {
    for (let i = 0; i < this.tail.length; i++) yield { stamped: this.tail.at(i), clientSeq: this.tailClientSeqs[i]! };
  }

  private dropThrough(i: number): void {
    this.tail.dropThrough(i);
    this.tailClientSeqs.splice(0, i + 1);
  }

  load(): LoadedSession | null {
    if (this.empty) return null;
    const nextSeq = this.nextSeq ?? ((this.snapshot!.seq + 1) >>> 0);
    return {
      state: {
        time: this.time,
        nextSeq,
        snapshot: this.snapshot,
        log: this.tail.copy(),
        clientSeqs: new Map(this.clientSeqs),
      },
      views: new Map(this.views),
    };
  }
}
