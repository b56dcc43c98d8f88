// Binary frame codec of the reflector protocol, shared by the reflector and the client.
// A client frame holds exactly one ClientMsg; a server frame holds one or more ServerMsgs
// back to back (batching). Every message starts with a kind byte and a small fixed header;
// payloads are length-prefixed opaque bytes the reflector never decodes. Little-endian.
//
//   str   = u16 byteLength, UTF-8 bytes          bytes = u32 length, raw bytes
//   stamped = u8 streamKind, f64 time, u32 seq, str viewId, bytes payload
//
//   client → reflector (one message per frame, nothing may follow it)
//     JOIN        1  u16 version, str sessionId, str viewId, u32 lastClientSeq, bytes viewData, [u16 tps]
//     SEND        3  u32 clientSeq, bytes payload
//     SNAP_UPLOAD 7  f64 time, u32 seq, bytes data
//     HASH        8  f64 time, u32 seq, str hash
//     LEAVE       9  (nothing)
//   reflector → client (any number of messages per frame, concatenated)
//     JOINED      2  str viewId, f64 time, u32 lastClientSeq, u8 hasSnapshot,
//                    [f64 time, u32 seq, bytes data], u32 count, count × stamped
//                    (a sender holding the stamped already encoded passes them as encodedEvents)
//     EVENT       4  stamped
//     TICK        5  f64 time
//     SNAP_REQUEST 6 (nothing)
//     ERROR      10  u8 code, str message
//     DESYNC     11  f64 time, u32 seq, u16 count, count × str viewId
//
// The version sits right after JOIN's kind byte, and the JOIN and ERROR layouts are frozen,
// so any two versions can still tell each other "wrong version" (ERROR code VERSION).
import {
  ErrorCode,
  PROTOCOL_VERSION,
  StreamKind,
  type ClientMsg,
  type ServerMsg,
  type SnapshotRef,
  type Stamped,
} from "./messages.ts";

/** Kind byte of each message in a frame. */
export const FrameKind = {
  JOIN: 1,
  JOINED: 2,
  SEND: 3,
  EVENT: 4,
  TICK: 5,
  SNAP_REQUEST: 6,
  SNAP_UPLOAD: 7,
  HASH: 8,
  LEAVE: 9,
  ERROR: 10,
  DESYNC: 11,
} as const;

/** A frame that cannot be encoded or decoded; `code` is what the reflector answers with. */
export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const MAX_STR = 0xffff;
const STAMPED_MIN = 1 + 8 + 4 + 2 + 4;
const errorCodes = new Set<number>(Object.values(ErrorCode));
const streamKinds = new Set<number>(Object.values(StreamKind));
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

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
      let n = 1 + strSize(msg.viewId, "joined viewId") + 8 + 4 + 1 + 4;
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

/** Runs `f`, turning anything but a ProtocolError into one (the codec throws nothing else). */
function guarded<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(ErrorCode.MALFORMED, `${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** One client message as one frame. */
export function encodeClientMsg(msg: ClientMsg): Uint8Array {
  return guarded("cannot encode client message", () => {
    const size = clientSize(msg) as number | undefined;
    if (size === undefined) throw unknownType(msg);
    const w = new Writer(size);
    writeClient(w, msg);
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

// ---------------------------------------------------------------- reader

class Reader {
  private readonly view: DataView;
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get remaining(): number {
    return this.bytes.length - this.pos;
  }
  private need(n: number, what: string): void {
    if (this.remaining < n) {
      throw new ProtocolError(ErrorCode.MALFORMED, `truncated frame: ${what} needs ${n} bytes at offset ${this.pos}, frame has ${this.bytes.length}`);
    }
  }
  u8(what: string): number {
    this.need(1, what);
    return this.view.getUint8(this.pos++);
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  f64(what: string): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.pos, true);
    if (!Number.isFinite(v)) throw new ProtocolError(ErrorCode.MALFORMED, `malformed frame: ${what} is ${v}`);
    this.pos += 8;
    return v;
  }
  str(what: string): string {
    const n = this.u16(`${what} length`);
    this.need(n, what);
    let s: string;
    try {
      s = strictUtf8.decode(this.bytes.subarray(this.pos, this.pos + n));
    } catch {
      throw new ProtocolError(ErrorCode.MALFORMED, `malformed frame: ${what} is not valid UTF-8`);
    }
    this.pos += n;
    return s;
  }
  /** A copy, so decoded messages never pin the (possibly pooled) receive buffer. */
  blob(what: string): Uint8Array {
    const n = this.u32(`${what} length`);
    this.need(n, what);
    const out = new Uint8Array(n);
    out.set(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }
  stamped(): Stamped {
    const kind = this.u8("stamped kind");
    if (!streamKinds.has(kind)) throw new ProtocolError(ErrorCode.MALFORMED, `malformed frame: unknown stream kind ${kind}`);
    return {
      kind: kind as StreamKind,
      time: this.f64("stamped time"),
      seq: this.u32("stamped seq"),
      viewId: this.str("stamped viewId"),
      payload: this.blob("stamped payload"),
    };
  }
}

function asBytes(bytes: Uint8Array): Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError(ErrorCode.MALFORMED, "malformed frame: not binary");
  if (bytes.length === 0) throw new ProtocolError(ErrorCode.MALFORMED, "malformed frame: empty");
  return bytes;
}

/** Decodes one client frame; throws ProtocolError (and nothing else) when it is not valid. */
export function decodeClientMsg(bytes: Uint8Array): ClientMsg {
  return guarded("malformed client frame", () => readClient(bytes));
}

function readClient(bytes: Uint8Array): ClientMsg {
  const r = new Reader(asBytes(bytes));
  const kind = r.u8("kind");
  let msg: ClientMsg;
  switch (kind) {
    case FrameKind.JOIN: {
      const version = r.u16("join version");
      if (version !== PROTOCOL_VERSION) {
        throw new ProtocolError(ErrorCode.VERSION, `protocol version ${version} is not supported (this side speaks version ${PROTOCOL_VERSION})`);
      }
      msg = {
        type: "join",
        sessionId: r.str("join sessionId"),
        viewId: r.str("join viewId"),
        lastClientSeq: r.u32("join lastClientSeq"),
        viewData: r.blob("join viewData"),
      };
      // optional trailing tps (older clients end after viewData); 0 = the reflector's default
      if (r.remaining >= 2) {
        const tps = r.u16("join tps");
        if (tps > 0) msg.tps = tps;
      }
      break;
    }
    case FrameKind.SEND:
      msg = { type: "send", clientSeq: r.u32("send clientSeq"), payload: r.blob("send payload") };
      break;
    case FrameKind.SNAP_UPLOAD: {
      const snapshot: SnapshotRef = { time: r.f64("snapshot time"), seq: r.u32("snapshot seq"), data: r.blob("snapshot data") };
      msg = { type: "snap-upload", snapshot };
      break;
    }
    case FrameKind.HASH:
      msg = { type: "hash", time: r.f64("hash time"), seq: r.u32("hash seq"), hash: r.str("hash") };
      break;
    case FrameKind.LEAVE:
      msg = { type: "leave" };
      break;
    default:
      throw new ProtocolError(ErrorCode.UNKNOWN_KIND, `unknown client frame kind ${kind}`);
  }
  if (r.remaining !== 0) throw new ProtocolError(ErrorCode.MALFORMED, `malformed frame: ${r.remaining} unexpected bytes after ${msg.type}`);
  return msg;
}

function readServer(r: Reader): ServerMsg {
  const kind = r.u8("kind");
  switch (kind) {
    case FrameKind.JOINED: {
      const viewId = r.str("joined viewId");
      const time = r.f64("joined time");
      const lastClientSeq = r.u32("joined lastClientSeq");
      const has = r.u8("joined hasSnapshot");
      if (has > 1) throw new ProtocolError(ErrorCode.MALFORMED, `malformed frame: joined hasSnapshot is ${has}`);
      const snapshot: SnapshotRef | null = has ? { time: r.f64("snapshot time"), seq: r.u32("snapshot seq"), data: r.blob("snapshot data") } : null;
      const count = r.u32("joined event count");
      if (count * STAMPED_MIN > r.remaining) {
        throw new ProtocolError(ErrorCode.MALFORMED, `truncated frame: joined claims ${count} events, only ${r.remaining} bytes left`);
      }
      const events: Stamped[] = [];
      for (let i = 0; i < count; i++) events.push(r.stamped());
      return { type: "joined", viewId, snapshot, events, time, lastClientSeq };
    }
    case FrameKind.EVENT:
      return { type: "event", event: r.stamped() };
    case FrameKind.TICK:
      return { type: "tick", time: r.f64("tick time") };
    case FrameKind.SNAP_REQUEST:
      return { type: "snap-request" };
    case FrameKind.ERROR: {
      const code = r.u8("error code");
      if (!errorCodes.has(code)) throw new ProtocolError(ErrorCode.MALFORMED, `malformed frame: unknown error code ${code}`);
      return { type: "error", code: code as ErrorCode, message: r.str("error message") };
    }
    case FrameKind.DESYNC: {
      const time = r.f64("desync time");
      const seq = r.u32("desync seq");
      const count = r.u16("desync view count");
      if (count * 2 > r.remaining) throw new ProtocolError(ErrorCode.MALFORMED, `truncated frame: desync claims ${count} views`);
      const views: string[] = [];
      for (let i = 0; i < count; i++) views.push(r.str("desync viewId"));
      return { type: "desync", time, seq, views };
    }
    default:
      throw new ProtocolError(ErrorCode.UNKNOWN_KIND, `unknown server message kind ${kind} at offset ${r.pos - 1}`);
  }
}

/** Decodes a server frame into its messages, in order; throws ProtocolError when it is not valid. */
export function decodeServerFrame(bytes: Uint8Array): ServerMsg[] {
  return guarded("malformed server frame", () => {
    const r = new Reader(asBytes(bytes));
    const out: ServerMsg[] = [];
    while (r.remaining > 0) out.push(readServer(r));
    return out;
  });
}
