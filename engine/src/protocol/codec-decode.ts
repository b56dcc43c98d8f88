// Decoding half of the protocol codec (wire layout in codec.ts): strict — a truncated, padded
// or otherwise malformed frame is a ProtocolError naming what is wrong, never a partial message.
import { FrameKind, ProtocolError, STAMPED_MIN, errorCodes, guarded, streamKinds, strictUtf8 } from "./codec-core.ts";
import {
  ErrorCode,
  PROTOCOL_VERSION,
  StreamKind,
  type ClientMsg,
  type ServerMsg,
  type SnapshotRef,
  type Stamped,
} from "./messages.ts";

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

/** Decodes a client frame holding exactly one message; throws ProtocolError when it is not valid. */
export function decodeClientMsg(bytes: Uint8Array): ClientMsg {
  const msgs = decodeClientFrame(bytes);
  if (msgs.length !== 1) throw new ProtocolError(ErrorCode.MALFORMED, `malformed frame: ${msgs.length} messages where one was expected`);
  return msgs[0]!;
}

/**
 * Decodes a client frame into its messages, in order; throws ProtocolError (and nothing else)
 * when any part of it is not valid, so a frame is taken whole or not at all. A JOIN must be
 * alone in its frame (its optional trailing fields run to the end), and nothing may follow a LEAVE.
 */
export function decodeClientFrame(bytes: Uint8Array): ClientMsg[] {
  return guarded("malformed client frame", () => {
    const r = new Reader(asBytes(bytes));
    const out: ClientMsg[] = [];
    while (r.remaining > 0) {
      const msg = readClient(r, out.length === 0);
      if (msg.type === "join" && out.length > 0) throw new ProtocolError(ErrorCode.MALFORMED, "malformed frame: JOIN must be alone in its frame");
      out.push(msg);
      if ((msg.type === "leave" || msg.type === "join") && r.remaining !== 0) {
        throw new ProtocolError(ErrorCode.MALFORMED, `malformed frame: ${r.remaining} unexpected bytes after ${msg.type}`);
      }
    }
    return out;
  });
}

function readClient(r: Reader, first: boolean): ClientMsg {
  const kind = r.u8("kind");
  switch (kind) {
    case FrameKind.JOIN: {
      const version = r.u16("join version");
      if (version !== PROTOCOL_VERSION) {
        throw new ProtocolError(ErrorCode.VERSION, `protocol version ${version} is not supported (this side speaks version ${PROTOCOL_VERSION})`);
      }
      if (!first) throw new ProtocolError(ErrorCode.MALFORMED, "malformed frame: JOIN must be alone in its frame");
      const msg: ClientMsg = {
        type: "join",
        sessionId: r.str("join sessionId"),
        viewId: r.str("join viewId"),
        lastClientSeq: r.u32("join lastClientSeq"),
        viewData: r.blob("join viewData"),
      };
      // optional trailing tps; 0 = the reflector's default
      if (r.remaining >= 2) {
        const tps = r.u16("join tps");
        if (tps > 0) msg.tps = tps;
      }
      return msg;
    }
    case FrameKind.SEND:
      return { type: "send", clientSeq: r.u32("send clientSeq"), payload: r.blob("send payload") };
    case FrameKind.SNAP_UPLOAD: {
      const snapshot: SnapshotRef = { time: r.f64("snapshot time"), seq: r.u32("snapshot seq"), data: r.blob("snapshot data") };
      return { type: "snap-upload", snapshot };
    }
    case FrameKind.HASH:
      return { type: "hash", time: r.f64("hash time"), seq: r.u32("hash seq"), hash: r.str("hash") };
    case FrameKind.LEAVE:
      return { type: "leave" };
    default:
      throw new ProtocolError(ErrorCode.UNKNOWN_KIND, `unknown client frame kind ${kind}`);
  }
}

function readServer(r: Reader): ServerMsg {
  const kind = r.u8("kind");
  switch (kind) {
    case FrameKind.JOINED: {
      const viewId = r.str("joined viewId");
      const time = r.f64("joined time");
      const lastClientSeq = r.u32("joined lastClientSeq");
      const limits = { eventsPerSecond: r.u32("joined eventsPerSecond"), eventBurst: r.u32("joined eventBurst"), maxEventBytes: r.u32("joined maxEventBytes") };
      const has = r.u8("joined hasSnapshot");
      if (has > 1) throw new ProtocolError(ErrorCode.MALFORMED, `malformed frame: joined hasSnapshot is ${has}`);
      const snapshot: SnapshotRef | null = has ? { time: r.f64("snapshot time"), seq: r.u32("snapshot seq"), data: r.blob("snapshot data") } : null;
      const count = r.u32("joined event count");
      if (count * STAMPED_MIN > r.remaining) {
        throw new ProtocolError(ErrorCode.MALFORMED, `truncated frame: joined claims ${count} events, only ${r.remaining} bytes left`);
      }
      const events: Stamped[] = [];
      for (let i = 0; i < count; i++) events.push(r.stamped());
      return { type: "joined", viewId, snapshot, events, time, lastClientSeq, limits };
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
    case FrameKind.REFUSED: {
      const code = r.u8("refused code");
      if (!errorCodes.has(code)) throw new ProtocolError(ErrorCode.MALFORMED, `malformed frame: unknown refusal code ${code}`);
      return { type: "refused", code: code as ErrorCode, clientSeq: r.u32("refused clientSeq"), retryMs: r.u32("refused retryMs"), message: r.str("refused message") };
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
