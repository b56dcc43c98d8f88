// The one thing the session logic knows about a socket: send bytes, read the backlog, close.
// server.ts adapts a `ws` WebSocket to it; tests can use plain objects.

export interface Link {
  /** Unique per connection for the life of the reflector. */
  readonly id: string;
  /** The peer's address (per-address connection limits); "" when unknown. */
  readonly address: string;
  /** False once closing or closed: nothing more is sent. */
  readonly open: boolean;
  /** Bytes queued but not yet written to the network. */
  readonly bufferedAmount: number;
  send(frame: Uint8Array): void;
  /** Stops reading from the peer for `ms` (backpressure on a client over its read budget). */
  pause(ms: number): void;
  /** Closes with a WebSocket close code and a short reason (forcibly, if the peer does not answer). */
  close(code: number, reason: string): void;
}

/** WebSocket close codes the reflector uses (mostly 4000 + the ErrorCode sent just before; 4009 and 4100 have no such ERROR). */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  INTERNAL: 1011,
  MALFORMED: 4001,
  SESSION_FULL: 4005,
  NOT_JOINED: 4006,
  VERSION: 4007,
  SLOW_CONSUMER: 4008,
  /** Too many connections (open at once, or new per second) from one address. */
  TOO_MANY_CONNECTIONS: 4009,
  /** A new view may not join while the session's backlog is full (after ERROR BACKLOG_FULL). */
  BACKLOG_FULL: 4011,
  /** A newer connection of the same viewId took over. */
  REPLACED: 4100,
} as const;
