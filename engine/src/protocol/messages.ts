// The reflector protocol's messages, defined once for the reflector and the client.
// The reflector reads only these headers; every `payload` is opaque bytes to it (so it can
// be end-to-end encrypted). The binary frame codec lives in codec.ts.

/**
 * 3: client frames may carry several messages (SENDs batched), JOINED tells the client the
 * reflector's send limits, and a refused SEND is a REFUSED message naming its clientSeq.
 */
export const PROTOCOL_VERSION = 3;

/** What a stamped stream message means to the model. */
export const StreamKind = { EVENT: 0, JOIN: 1, EXIT: 2 } as const;
export type StreamKind = (typeof StreamKind)[keyof typeof StreamKind];

/** One message of the canonical ordered stream: stamped by the reflector with (time, seq). */
export interface Stamped {
  kind: StreamKind;
  time: number;
  /** u32, wraps around. */
  seq: number;
  viewId: string;
  /** EVENT: encoded [scope, event, data]; JOIN/EXIT: encoded viewData or empty. */
  payload: Uint8Array;
}

export interface SnapshotRef {
  time: number;
  /** Seq of the last stream message the snapshot includes. */
  seq: number;
  data: Uint8Array;
}

// ---- client → reflector ----
export interface JoinMsg {
  type: "join";
  /** appId + name + code hash + protocol version, hashed by the client. */
  sessionId: string;
  viewId: string;
  viewData: Uint8Array;
  /** Highest client seq the client believes the reflector has (for resend after reconnect). */
  lastClientSeq: number;
  /** Heartbeat ticks per second the client asks for when it opens the session (0 = the reflector's default). */
  tps?: number;
}
export interface SendMsg {
  type: "send";
  /** Per-view counter; the reflector drops repeats (resends after a reconnect). */
  clientSeq: number;
  payload: Uint8Array;
}
export interface SnapUploadMsg {
  type: "snap-upload";
  snapshot: SnapshotRef;
}
export interface HashMsg {
  type: "hash";
  time: number;
  seq: number;
  hash: string;
}
export interface LeaveMsg {
  type: "leave";
}
export type ClientMsg = JoinMsg | SendMsg | SnapUploadMsg | HashMsg | LeaveMsg;

/**
 * The reflector's per-connection send budget, told in JOINED so the client paces itself
 * under it (with a margin) instead of guessing.
 */
export interface SendLimits {
  /** Sustained events per second (token bucket refill). */
  eventsPerSecond: number;
  /** Events that may go at once (token bucket size). */
  eventBurst: number;
  /** Largest event payload in bytes. */
  maxEventBytes: number;
}

/** The reflector's default send budget (and what a client assumes before its first JOINED). */
export const DEFAULT_SEND_LIMITS: Readonly<SendLimits> = Object.freeze({ eventsPerSecond: 60, eventBurst: 120, maxEventBytes: 64 * 1024 });

// ---- reflector → client ----
export interface JoinedMsg {
  type: "joined";
  viewId: string;
  /** Latest snapshot, or null when `events` starts at the very beginning of the session. */
  snapshot: SnapshotRef | null;
  /** Every stream message after the snapshot, the joiner's own JOIN included. */
  events: Stamped[];
  /**
   * The same events already encoded (count × stamped, the wire layout), when the sender keeps
   * them that way (the reflector's log): the codec writes these bytes instead of encoding
   * `events`, which it then never reads.
   */
  encodedEvents?: EncodedStamped;
  /** Current session time: the joiner advances to it after replaying. */
  time: number;
  /** Last client seq of this view the reflector has stamped (resend what is after it). */
  lastClientSeq: number;
  /** What this connection may send. */
  limits: SendLimits;
}
export interface EncodedStamped {
  count: number;
  bytes: Uint8Array;
}
export interface EventMsg {
  type: "event";
  event: Stamped;
}
export interface TickMsg {
  type: "tick";
  time: number;
}
export interface SnapRequestMsg {
  type: "snap-request";
}
export interface DesyncMsg {
  type: "desync";
  time: number;
  seq: number;
  /** Views whose hash differed from the majority. */
  views: string[];
}
export interface ErrorMsg {
  type: "error";
  code: ErrorCode;
  message: string;
}
/**
 * A SEND that was not stamped. Nothing later of this connection is stamped either until that
 * clientSeq comes again (so the stream never has a gap): the client puts it and everything
 * after it back in its queue and sends them again, in order, after `retryMs`. A TOO_LARGE
 * event can never be stamped; the client drops it with an error and goes on with the next.
 */
export interface RefusedMsg {
  type: "refused";
  code: ErrorCode;
  clientSeq: number;
  /** Send again no earlier than this many ms from now. */
  retryMs: number;
  message: string;
}
export type ServerMsg = JoinedMsg | EventMsg | TickMsg | SnapRequestMsg | DesyncMsg | ErrorMsg | RefusedMsg;

export const ErrorCode = {
  MALFORMED: 1,
  UNKNOWN_KIND: 2,
  TOO_LARGE: 3,
  RATE_LIMITED: 4,
  SESSION_FULL: 5,
  NOT_JOINED: 6,
  VERSION: 7,
  SLOW_CONSUMER: 8,
  SHUTDOWN: 9,
  INTERNAL: 10,
  /**
   * The session holds too many events since its last snapshot (reflector/src/log-budget.ts):
   * the SEND was not stamped, nor will any later one of this connection be until this one is
   * sent again. The client resends everything unacknowledged, in order, a little later.
   */
  BACKLOG_FULL: 11,
  /** The JOIN's app key or join token is missing, wrong or expired (reflector --keys). */
  UNAUTHORIZED: 12,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** a is after b in u32 wrap-around order. */
export function seqAfter(a: number, b: number): boolean {
  const d = (a - b) >>> 0;
  return d !== 0 && d < 0x80000000;
}
