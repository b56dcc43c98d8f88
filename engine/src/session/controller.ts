// Sans-IO client controller: feeds the reflector's ordered messages into the model runtime
// and returns what the client must send back (snapshot uploads, state hashes). The
// WebSocket session and the in-memory test session both drive this same code.
// Incoming messages wait in a backlog that `pump` works through, so a browser can catch
// up in slices (showing progress) instead of freezing on a long replay.
import { deflateSync, inflateSync } from "fflate";
import type { Model } from "../model/model.ts";
import { Runtime } from "../model/runtime.ts";
import { describeDifference } from "../model/diff.ts";
import { decodeSnapshot, encodeSnapshot, hashRuntime } from "../model/snapshot.ts";
import { decodeValue, encodeValue } from "../model/values.ts";
import { seqAfter, StreamKind, type ClientMsg, type JoinedMsg, type ServerMsg, type Stamped } from "../protocol/messages.ts";

export interface ControllerOptions {
  sessionId: string;
  model: { prototype: Model };
  options?: unknown;
  /** Send a state hash whenever model time crosses a multiple of this (ms); 0 = never. */
  hashIntervalMs?: number;
  /** Compress snapshot uploads (deflate); the joiner detects compression by header. */
  compressSnapshots?: boolean;
}

type Work = { kind: "msg"; msg: ServerMsg } | { kind: "stamped"; event: Stamped } | { kind: "advance"; time: number };

export class Controller {
  runtime: Runtime | null = null;
  /** True once a JOINED was fully processed and the backlog is empty. */
  synced = false;
  /** Next client seq for SEND (starts at 1; the reflector dedupes by it). */
  clientSeq = 0;
  /** Called for every stream message applied (debug logging, acks). */
  onStamped: ((m: Stamped) => void) | null = null;
  /** Called when a snapshot replaced the runtime (views must be rebuilt). */
  onNewRuntime: ((rt: Runtime) => void) | null = null;
  private backlog: Work[] = [];
  private backlogStart = 0;
  private catchupTotal = 0;
  private joinedSeen = false;
  private resyncPending = false;
  /** After a resync: the first difference found between our old state and the session's (null: none). */
  onResync: ((difference: string | null) => void) | null = null;

  constructor(readonly opts: ControllerOptions) {}

  get model(): Model | undefined {
    return this.runtime?.root;
  }

  /** Share of the current catch-up already applied, 0..1 (1 when current). */
  get progress(): number {
    const left = this.backlog.length - this.backlogStart;
    return this.catchupTotal === 0 ? 1 : 1 - left / this.catchupTotal;
  }

  get pending(): number {
    return this.backlog.length - this.backlogStart;
  }

  /** Queues one reflector message. Call `pump` to apply. */
  receive(msg: ServerMsg): void {
    if (msg.type === "joined") {
      this.joinedSeen = true;
      this.synced = false;
      this.backlog = this.backlog.slice(this.backlogStart);
      this.backlogStart = 0;
      // a JOINED supersedes anything older still queued
      this.backlog = [{ kind: "msg", msg }];
      for (const e of msg.events) this.backlog.push({ kind: "stamped", event: e });
      this.backlog.push({ kind: "advance", time: msg.time });
      this.catchupTotal = this.backlog.length;
      return;
    }
    if (!this.joinedSeen) return; // nothing before our JOINED concerns us
    if (msg.type === "event") this.backlog.push({ kind: "stamped", event: msg.event });
    else if (msg.type === "tick") this.backlog.push({ kind: "advance", time: msg.time });
    else this.backlog.push({ kind: "msg", msg });
    if (!this.synced) this.catchupTotal++;
  }

  /**
   * Applies queued work until the backlog is empty or `deadline()` says stop (checked every
   * few messages). Returns the messages to send to the reflector.
   */
  pump(deadline?: () => boolean): ClientMsg[] {
    const out: ClientMsg[] = [];
    let n = 0;
    while (this.backlogStart < this.backlog.length) {
      if (deadline && (++n & 15) === 0 && deadline()) break;
      const w = this.backlog[this.backlogStart++]!;
      this.work(w, out);
    }
    if (this.backlogStart >= this.backlog.length) {
      this.backlog = [];
      this.backlogStart = 0;
      if (this.joinedSeen && this.runtime) {
        this.synced = true;
        this.catchupTotal = 0;
      }
    }
    return out;
  }

  /** Encodes a view event for the reflector. */
  send(scope: string, event: string, data?: unknown): ClientMsg & { type: "send" } {
    return { type: "send", clientSeq: ++this.clientSeq, payload: encodeValue([scope, event, data], `publish("${scope}", "${event}") data`) };
  }

  hash(): string {
    if (!this.runtime) throw new Error("not joined yet");
    return hashRuntime(this.runtime);
  }

  snapshot(): Uint8Array {
    if (!this.runtime) throw new Error("not joined yet");
    return encodeSnapshot(this.runtime);
  }

  private work(w: Work, out: ClientMsg[]): void {
    if (w.kind === "stamped") {
      const rt = this.runtime;
      if (!rt) return;
      if (rt.lastSeq !== -1 && !seqAfter(w.event.seq, rt.lastSeq)) return; // already applied
      this.apply(rt, w.event);
      return;
    }
    if (w.kind === "advance") {
      const rt = this.runtime;
      if (!rt) return;
      const before = rt.time;
      rt.advanceTo(w.time);
      const every = this.opts.hashIntervalMs ?? 0;
      if (every > 0 && this.synced && rt.lastSeq !== -1 && Math.floor(rt.time / every) > Math.floor(before / every)) {
        out.push({ type: "hash", time: rt.time, seq: rt.lastSeq, hash: hashRuntime(rt) });
      }
      return;
    }
    const msg = w.msg;
    if (msg.type === "joined") return this.joined(msg);
    if (msg.type === "snap-request") {
      const rt = this.runtime;
      if (!rt || rt.lastSeq === -1) return;
      const raw = encodeSnapshot(rt);
      const data = this.opts.compressSnapshots ? deflateSync(raw, { level: 1 }) : raw;
      out.push({ type: "snap-upload", snapshot: { time: rt.time, seq: rt.lastSeq, data } });
    }
  }

  private joined(msg: JoinedMsg): void {
    const rt = this.runtime;
    if (this.resyncPending && rt) {
      this.resyncPending = false;
      this.resync(rt, msg);
      return;
    }
    const first = msg.events[0];
    // After a reconnect we can keep our runtime if the log continues where we are.
    const canContinue = rt !== null && rt.lastSeq !== -1 &&
      (first === undefined ? msg.snapshot === null || !seqAfter(msg.snapshot.seq, rt.lastSeq) : !seqAfter(first.seq, (rt.lastSeq + 1) >>> 0));
    if (canContinue) return;
    this.runtime = this.freshRuntime(msg);
    if (rt) this.onNewRuntime?.(this.runtime);
  }

  /** Next JOINED rebuilds the state from the session's snapshot + log instead of continuing ours. */
  requestResync(): void {
    this.resyncPending = true;
  }

  private freshRuntime(msg: JoinedMsg): Runtime {
    return msg.snapshot ? decodeSnapshot(readSnapshotBytes(msg.snapshot.data)) : new Runtime(this.opts.sessionId);
  }

  /**
   * Desync repair: rebuild from the session's snapshot + log, bring our old state to the same
   * (time, seq), and name the first difference — then continue with the rebuilt state.
   */
  private resync(old: Runtime, msg: JoinedMsg): void {
    const fresh = this.freshRuntime(msg);
    for (const e of msg.events) {
      if (fresh.lastSeq === -1 || seqAfter(e.seq, fresh.lastSeq)) this.apply(fresh, e);
      if (old.lastSeq === -1 || seqAfter(e.seq, old.lastSeq)) this.apply(old, e);
    }
    fresh.advanceTo(msg.time);
    old.advanceTo(msg.time);
    const difference = describeDifference(old, fresh);
    this.runtime = fresh;
    this.onNewRuntime?.(fresh);
    this.onResync?.(difference);
  }

  private apply(rt: Runtime, e: Stamped): void {
    if (rt.rootId === null && rt.lastSeq === -1) {
      // a fresh session: the root model is created at the time of the first message
      rt.advanceTo(e.time);
      rt.start(this.opts.model, this.opts.options);
    }
    this.onStamped?.(e);
    if (e.kind === StreamKind.EVENT) {
      let decoded: unknown;
      try {
        decoded = decodeValue(e.payload);
      } catch (err) {
        decoded = err;
      }
      if (!Array.isArray(decoded) || decoded.length !== 3 || typeof decoded[0] !== "string" || typeof decoded[1] !== "string") {
        rt.noteSeq(e.time, e.seq);
        rt.errors.push({ where: `event from ${e.viewId}`, error: new Error(`malformed event payload: ${String(decoded)}`), time: e.time });
        return;
      }
      rt.applyExternal(e.time, e.seq, decoded[0], decoded[1], decoded[2]);
      return;
    }
    let viewData: unknown;
    if (e.payload.length > 0) {
      try {
        viewData = decodeValue(e.payload);
      } catch {
        viewData = undefined;
      }
    }
    const payload = viewData === undefined ? e.viewId : { viewId: e.viewId, viewData };
    rt.applyExternal(e.time, e.seq, rt.sessionId, e.kind === StreamKind.JOIN ? "view-join" : "view-exit", payload);
  }
}

/** Snapshots start with the "TNDM" magic; anything else is a deflated snapshot. */
function readSnapshotBytes(data: Uint8Array): Uint8Array {
  const raw = data.length >= 4 && data[0] === 0x54 && data[1] === 0x4e && data[2] === 0x44 && data[3] === 0x4d;
  return raw ? data : inflateSync(data);
}
