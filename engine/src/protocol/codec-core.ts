// What both halves of the protocol codec share (codec.ts describes the wire layout): frame
// kinds, the one error type the codec throws, limits and the guard that turns any other
// failure into a ProtocolError.
import { ErrorCode, StreamKind } from "./messages.ts";

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
  REFUSED: 12,
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

export const MAX_STR = 0xffff;
export const STAMPED_MIN = 1 + 8 + 4 + 2 + 4;
export const errorCodes = new Set<number>(Object.values(ErrorCode));
export const streamKinds = new Set<number>(Object.values(StreamKind));
export const utf8 = new TextEncoder();
export const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Runs `f`, turning anything but a ProtocolError into one (the codec throws nothing else). */
export function guarded<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(ErrorCode.MALFORMED, `${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
