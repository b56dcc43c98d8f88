// Sans-IO client controller: feeds the reflector's ordered messages into the model runtime
// and returns what the client must send back (snapshot uploads, hashes). The WebSocket
// session and the in-memory test session both drive this same code.
import type { Model } from "../model/model.ts";
import { Runtime } from "../model/runtime.ts";
import { decodeSnapshot, encodeSnapshot, hashRuntime } from "../model/snapshot.ts";
import { decodeValue, encodeValue } from "../model/values.ts";
import { seqAfter, StreamKind, type ClientMsg, type ServerMsg, type Stamped } from "../protocol/messages.ts";

export interface ControllerOptions {
  sessionId: string;
  model: { prototype: Model };
  options?: unknown;
}

export class Controller {
  runtime: Runtime | null = null;
  /** True once JOINED was processed (the model is current with the stream). */
  synced = false;
  /** Next client seq for SEND (starts at 1; the reflector dedupes by it). */
  clientSeq = 0;
  /** Called for every stream message applied (debug logging, tests). */
  onStamped: ((m: Stamped) => void) | null = null;

  constructor(readonly opts: ControllerOptions) {}

  get model(): Model | undefined {
    return this.runtime?.root;
  }

  /** Handles one reflector message; returns messages to send back. */
  receive(msg: ServerMsg): ClientMsg[] {
    switch (msg.type) {
      case "joined": {
        if (msg.snapshot) {
          this.runtime = decodeSnapshot(msg.snapshot.data);
        } else if (!this.runtime || this.runtime.lastSeq === -1) {
          this.runtime = new Runtime(this.opts.sessionId);
        }
        const rt = this.runtime;
        for (const e of msg.events) {
          // after a reconnect without snapshot we may already have applied a prefix
          if (rt.lastSeq !== -1 && !seqAfter(e.seq, rt.lastSeq)) continue;
          this.apply(e);
        }
        rt.advanceTo(msg.time);
        this.synced = true;
        return [];
      }
      case "event":
        if (this.runtime && this.synced) this.apply(msg.event);
        return [];
      case "tick":
        if (this.runtime && this.synced) this.runtime.advanceTo(msg.time);
        return [];
      case "snap-request": {
        const rt = this.runtime;
        if (!rt || !this.synced || rt.lastSeq === -1) return [];
        return [{ type: "snap-upload", snapshot: { time: rt.time, seq: rt.lastSeq, data: encodeSnapshot(rt) } }];
      }
      case "desync":
      case "error":
        return [];
    }
  }

  /** Encodes a view event for the reflector. */
  send(scope: string, event: string, data?: unknown): ClientMsg {
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

  private apply(e: Stamped): void {
    const rt = this.runtime!;
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
