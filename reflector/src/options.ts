// Reflector options: limits and intervals with their defaults, in one place so the server,
// the CLI and the docs agree.
import { DEFAULT_SEND_LIMITS } from "../../engine/src/protocol/messages.ts";

export interface ReflectorLimits {
  /** Largest event payload (SEND) and viewData, in bytes. */
  maxEventBytes: number;
  /** Largest snapshot upload, in bytes (the WebSocket max payload follows it). */
  maxSnapshotBytes: number;
  /** Sustained SEND events per second per client (token bucket refill). */
  eventsPerSecond: number;
  /** SEND events a client may send at once (token bucket size). */
  eventBurst: number;
  /** Frames of any kind per second per client, and their burst; past them the reflector
   * stops reading from the client for a while (TCP backpressure), so a flood costs it little. */
  framesPerSecond: number;
  frameBurst: number;
  /** Bytes per second per client read at full speed, and their burst (a snapshot must fit). */
  bytesPerSecond: number;
  /** Clients connected to one session at once. */
  maxClientsPerSession: number;
  /** A client whose unsent backlog passes this many bytes is dropped as a slow consumer. */
  maxBufferedBytes: number;
  /** Longest sessionId / viewId, in UTF-8 bytes. */
  maxIdBytes: number;
  /** Longest HASH string, in UTF-8 bytes. */
  maxHashBytes: number;
  /** Malformed frames tolerated per second per client (burst ×5) before it is disconnected. */
  badFramesPerSecond: number;
  /**
   * Connections open at once from one remote address (0: no limit). Behind a reverse proxy
   * every client has the proxy's address: raise it or set 0 there.
   */
  maxConnectionsPerAddress: number;
  /** New connections per second from one remote address (token bucket refill; 0: no limit), and their burst. */
  connectsPerSecondPerAddress: number;
  connectBurstPerAddress: number;
  /**
   * Bytes of stamped events a session may hold since its last snapshot (0: no limit). Past it
   * its SENDs are refused, and new views join one per snapshot interval, until a client uploads
   * a snapshot (log-budget.ts): a session where nobody does (only
   * broken or hostile clients, or a model whose snapshot is over the upload cap) cannot grow
   * the reflector's memory without bound.
   */
  maxLogBytes: number;
  /**
   * The same over all live sessions together (0: no limit). Past it, a session holding at least
   * an equal share (this ÷ live sessions, never under 1 MiB) is refused the same way; smaller
   * ones go on.
   */
  maxTotalLogBytes: number;
}

export interface ReflectorOptions {
  /** TCP port; 0 lets the OS choose (read it back from the result). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Heartbeat tick interval in ms of session time (default 50). */
  tickMs?: number;
  /** Ask the elected client for a snapshot this often, in ms of session time (default: the Sequencer's). */
  snapshotIntervalMs?: number;
  /** "memory", or a directory path for disk storage (default ".tandem-data"). */
  storage?: string;
  /** Disk storage: fsync the log after each append (survives power loss, costs latency). */
  fsync?: boolean;
  /** A dropped client's view-exit waits this long for a reconnect (default 1000 ms). */
  graceMs?: number;
  /** A session with no clients is unloaded from memory after this long (default 30 000 ms). */
  idleMs?: number;
  /** A connection that has not joined within this long is closed (default 10 000 ms). */
  joinTimeoutMs?: number;
  /** WebSocket ping interval; a client that misses a whole interval is dropped (default 15 000 ms). */
  pingMs?: number;
  /** Model time is persisted at most this often (a lease: a restart resumes at most this far ahead). */
  timeLeaseMs?: number;
  /** Log a `reflector stats {…}` JSON line this often (events, frames, residence; 0 = never, the default). */
  statsMs?: number;
  limits?: Partial<ReflectorLimits>;
  /** Where diagnostics go (default console.error). */
  log?: (line: string) => void;
}

export const defaultLimits: ReflectorLimits = {
  maxEventBytes: DEFAULT_SEND_LIMITS.maxEventBytes,
  maxSnapshotBytes: 64 * 1024 * 1024,
  eventsPerSecond: DEFAULT_SEND_LIMITS.eventsPerSecond,
  eventBurst: DEFAULT_SEND_LIMITS.eventBurst,
  framesPerSecond: 200,
  frameBurst: 400,
  bytesPerSecond: 1024 * 1024,
  maxClientsPerSession: 64,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxIdBytes: 256,
  maxHashBytes: 256,
  badFramesPerSecond: 10,
  maxConnectionsPerAddress: 256,
  connectsPerSecondPerAddress: 20,
  connectBurstPerAddress: 200,
  maxLogBytes: 64 * 1024 * 1024,
  maxTotalLogBytes: 1024 * 1024 * 1024,
};

export type ResolvedOptions = Required<Omit<ReflectorOptions, "limits" | "snapshotIntervalMs">> & {
  snapshotIntervalMs: number | undefined;
  limits: ReflectorLimits;
};

export function resolveOptions(o: ReflectorOptions): ResolvedOptions {
  const tickMs = o.tickMs ?? 50;
  if (!(tickMs > 0)) throw new Error(`tickMs must be > 0, got ${tickMs}`);
  return {
    port: o.port ?? 0,
    host: o.host ?? "127.0.0.1",
    tickMs,
    snapshotIntervalMs: o.snapshotIntervalMs,
    storage: o.storage ?? ".tandem-data",
    fsync: o.fsync ?? false,
    graceMs: o.graceMs ?? 1000,
    idleMs: o.idleMs ?? 30_000,
    joinTimeoutMs: o.joinTimeoutMs ?? 10_000,
    pingMs: o.pingMs ?? 15_000,
    timeLeaseMs: o.timeLeaseMs ?? 1000,
    statsMs: o.statsMs ?? 0,
    limits: { ...defaultLimits, ...o.limits },
    log: o.log ?? ((line) => console.error(line)),
  };
}
