// Encoding half of the protocol codec (wire layout in codec.ts): sizes first, then one
// exactly-sized buffer written front to back.
import { FrameKind, MAX_STR, ProtocolError, errorCodes, guarded, streamKinds, utf8 } from "./codec-core.ts";
import {
  ErrorCode,
  PROTOCOL_VERSION,
  type ClientMsg,
  type ServerMsg,
  type Stamped,
} from "./messages.ts";

// ---------------------------------------------------------------- sizes

/** Bytes of `s` in UTF-8 (lone surrogates count as U+FFFD, as TextEncoder writes them). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

function strSize(s: string, what: string): number {
  if (typeof s !== "string") throw new ProtocolError(ErrorCode.MALFORMED, `cannot encode ${what}: not a string`);
  const n = utf8Length(s);
  if (n > MAX_STR) throw new ProtocolError(ErrorCode.TOO_LARGE, `cannot encode ${what}: ${n} bytes (max ${MAX_STR})`);
  return 2 + n;
}

function bytesSize(b: Uint8Array, what: string): number {
  if (!(b instanceof Uint8Array)) throw new ProtocolError(ErrorCode.MALFORMED, `cannot encode ${what}: not a Uint8Array`);
  return 4 + b.length;
}

function stampedSize(m: Stamped): number {
  return 1 + 8 + 4 + strSize(m.viewId, "stamped viewId") + bytesSize(m.payload, "stamped payload");
}

function clientSize(msg: ClientMsg): number {
  switch (msg.type) {
    case "join":
      return 1 + 2 + strSize(msg.sessionId, "join sessionId") + strSize(msg.viewId, "join viewId") + 4 + bytesSize(msg.viewData, "join viewData") + 2;
    case "send":
      return 1 + 4 + bytesSize(msg.payload, "send payload");
    case "snap-upload":
      return 1 + 8 + 4 + bytesSize(msg.snapshot.data, "snapshot data");
    case "hash":
      return 1 + 8 + 4 + strSize(msg.hash, "hash");
    case "leave":
      return 1;
  }
}

function serverSize(msg: ServerMsg): number {
  switch (msg.type) {
    case "joined": {
      let n = 1 + strSize(msg.viewId, "joined viewId") + 8 + 4 + 12 + 1 + 4;
      if (msg.snapshot) n += 8 + 4 + bytesSize(msg.snapshot.data, "snapshot data");
      if (msg.encodedEvents) return n + msg.encodedEvents.bytes.length;
      for (const e of msg.events) n += stampedSize(e);
      return n;
    }
    case "event":
      return 1 + stampedSize(msg.event);
    case "tick":
      return 1 + 8;
    case "snap-request":
      return 1;
    case "error":
      return 1 + 1 + strSize(msg.message, "error message");
    case "refused":
      return 1 + 1 + 4 + 4 + strSize(msg.message, "refused message");
    case "desync": {
      if (msg.views.length > 0xffff) throw new ProtocolError(ErrorCode.TOO_LARGE, `cannot encode desync: ${msg.views.length} views`);
      let n = 1 + 8 + 4 + 2;
      for (const v of msg.views) n += strSize(v, "desync viewId");
      return n;
    }
  }
}

// ---------------------------------------------------------------- writer

class Writer {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  pos = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u8(v: number): void {
    this.view.setUint8(this.pos, v);
    this.pos += 1;
  }
  u16(v: number): void {
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }
  u32(v: number, what: string): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new ProtocolError(ErrorCode.MALFORMED, `cannot encode ${what}: ${v} is not a u32`);
    this.view.setUint32(this.pos, v, true);
    this.pos += 4;
  }
  f64(v: number, what: string): void {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new ProtocolError(ErrorCode.MALFORMED, `cannot encode ${what}: ${v} is not a finite number`);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }
  str(s: string): void {
    const { written } = utf8.encodeInto(s, this.bytes.subarray(this.pos + 2));
    this.u16(written);
    this.pos += written;
  }
  blob(b: Uint8Array): void {
    this.u32(b.length, "length");
    this.raw(b);
  }
  /** Bytes as they are (already in the wire layout). */
  raw(b: Uint8Array): void {
    this.bytes.set(b, this.pos);
    this.pos += b.length;
  }
  stamped(m: Stamped): void {
    if (!streamKinds.has(m.kind)) throw new ProtocolError(ErrorCode.MALFORMED, `cannot encode stamped kind ${m.kind}`);
    this.u8(m.kind);
    this.f64(m.time, "stamped time");
    this.u32(m.seq, "stamped seq");
    this.str(m.viewId);
    this.blob(m.payload);
  }
}

function writeClient(w: Writer, msg: ClientMsg): void {
  switch (msg.type) {
    case "join":
      w.u8(FrameKind.JOIN);
      w.u16(PROTOCOL_VERSION);
      w.str(msg.sessionId);
      w.str(msg.viewId);
      w.u32(msg.lastClientSeq, "join lastClientSeq");
      w.blob(msg.viewData);
      w.u16(msg.tps ?? 0);
      return;
    case "send":
      w.u8(FrameKind.SEND);
      w.u32(msg.clientSeq, "send clientSeq");
      w.blob(msg.payload);
      return;
    case "snap-upload":
      w.u8(FrameKind.SNAP_UPLOAD);
      w.f64(msg.snapshot.time, "snapshot time");
      w.u32(msg.snapshot.seq, "snapshot seq");
      w.blob(msg.snapshot.data);
      return;
    case "hash":
      w.u8(FrameKind.HASH);
      w.f64(msg.time, "hash time");
      w.u32(msg.seq, "hash seq");
      w.str(msg.hash);
      return;
    case "leave":
      w.u8(FrameKind.LEAVE);
      return;
  }
}

function writeServer(w: Writer, msg: ServerMsg): void {
  switch (msg.type) {
    case "joined":
      w.u8(FrameKind.JOINED);
      w.str(msg.viewId);
      w.f64(msg.time, "joined time");
      w.u32(msg.lastClientSeq, "joined lastClientSeq");
      w.u32(msg.limits.eventsPerSecond, "joined eventsPerSecond");
      w.u32(msg.limits.eventBurst, "joined eventBurst");
      w.u32(msg.limits.maxEventBytes, "joined maxEventBytes");
      w.u8(msg.snapshot ? 1 : 0);
      if (msg.snapshot) {
        w.f64(msg.snapshot.time, "snapshot time");
        w.u32(msg.snapshot.seq, "snapshot seq");
        w.blob(msg.snapshot.data);
      }
      if (msg.encodedEvents) {
        w.u32(msg.encodedEvents.count, "joined event count");
        w.raw(msg.encodedEvents.bytes);
        return;
      }
      w.u32(msg.events.length, "joined event count");
      for (const e of msg.events) w.stamped(e);
      return;
    case "event":
      w.u8(FrameKind.EVENT);
      w.stamped(msg.event);
      return;
    case "tick":
      w.u8(FrameKind.TICK);
      w.f64(msg.time, "tick time");
      return;
    case "snap-request":
      w.u8(FrameKind.SNAP_REQUEST);
      return;
    case "error":
      if (!errorCodes.has(msg.code)) throw new ProtocolError(ErrorCode.MALFORMED, `cannot encode error code ${msg.code}`);
      w.u8(FrameKind.ERROR);
      w.u8(msg.code);
      w.str(msg.message);
      return;
    case "refused":
      if (!errorCodes.has(msg.code)) throw new ProtocolError(ErrorCode.MALFORMED, `cannot encode refusal code ${msg.code}`);
      w.u8(FrameKind.REFUSED);
      w.u8(msg.code);
      w.u32(msg.clientSeq, "refused clientSeq");
      w.u32(Math.min(0xffffffff, Math.max(0, Math.ceil(msg.retryMs))), "refused retryMs");
      w.str(msg.message);
      return;
    case "desync":
      w.u8(FrameKind.DESYNC);
      w.f64(msg.time, "desync time");
      w.u32(msg.seq, "desync seq");
      w.u16(msg.views.length);
      for (const v of msg.views) w.str(v);
      return;
  }
}

function unknownType(msg: { type?: unknown }): ProtocolError {
  return new ProtocolError(ErrorCode.UNKNOWN_KIND, `cannot encode message type ${String(msg.type)}`);
}

/** One client message as one frame. */
export function encodeClientMsg(msg: ClientMsg): Uint8Array {
  return encodeClientMsgs([msg]);
}

/**
 * Client messages as one frame (a client's batching unit: the SENDs of one turn, say). A JOIN
 * must be alone in its frame, and nothing may follow a LEAVE.
 */
export function encodeClientMsgs(msgs: readonly ClientMsg[]): Uint8Array {
  return guarded("cannot encode client messages", () => {
    if (msgs.length === 0) throw new ProtocolError(ErrorCode.MALFORMED, "cannot encode an empty client frame");
    let size = 0;
    for (let i = 0; i < msgs.length; i++) {
      const m = msgs[i]!;
      const n = clientSize(m) as number | undefined;
      if (n === undefined) throw unknownType(m);
      if (m.type === "join" && msgs.length > 1) throw new ProtocolError(ErrorCode.MALFORMED, "cannot encode a JOIN with other messages: it goes alone");
      if (m.type === "leave" && i !== msgs.length - 1) throw new ProtocolError(ErrorCode.MALFORMED, "cannot encode messages after a LEAVE");
      size += n;
    }
    const w = new Writer(size);
    for (const m of msgs) writeClient(w, m);
    return w.bytes;
  });
}

/** One or more server messages as one frame (the reflector's batching unit). */
export function encodeServerMsgs(msgs: readonly ServerMsg[]): Uint8Array {
  return guarded("cannot encode server messages", () => {
    if (msgs.length === 0) throw new ProtocolError(ErrorCode.MALFORMED, "cannot encode an empty server frame");
    let size = 0;
    for (const m of msgs) {
      const n = serverSize(m) as number | undefined;
      if (n === undefined) throw unknownType(m);
      size += n;
    }
    const w = new Writer(size);
    for (const m of msgs) writeServer(w, m);
    return w.bytes;
  });
}
