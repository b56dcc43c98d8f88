// The reflector's network edge, and the only file that imports `ws`: listens (startReflector)
// or takes upgrades from someone else's HTTP server (createReflectorEndpoint, used by
// attach.ts), adapts each WebSocket to a Link for the hub, drives the heartbeat and keep-alive
// pings, and shuts down gracefully (clients get ERROR SHUTDOWN and close 1001, storage is flushed).
// Both modes share one code path (`serve`).
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData, type ServerOptions } from "ws";
import { Hub } from "./hub.ts";
import type { Link } from "./link.ts";
import { resolveOptions, type ReflectorOptions, type ResolvedOptions } from "./options.ts";
import { Registry } from "./registry.ts";
import { createStorage } from "./storage/create-storage.ts";
import { RelayStats, type ReflectorStats } from "./stats.ts";
import { FrameCache } from "./ws-frame.ts";

export interface Reflector {
  /** ws://host:port */
  readonly url: string;
  readonly port: number;
  /** What it has done since it started, or since the last `stats(true)` (which starts a new period). */
  stats(reset?: boolean): ReflectorStats;
  /** Graceful shutdown; resolves when every client is gone and storage is closed. */
  close(): Promise<void>;
}

/** The heartbeat wakes at least this often even with nothing due (a safety net, cheap). */
const MAX_HEARTBEAT_SLEEP_MS = 1000;
/** Headroom over the snapshot cap for a frame's own header. */
const FRAME_SLACK = 64 * 1024;
/** A closing client that does not answer the close handshake is cut off after this long
 * (a slow consumer's close frame waits behind its backlog, so give it time to drain). */
const CLOSE_TIMEOUT_MS = 10_000;

interface Socket extends Link {
  readonly ws: WebSocket;
  alive: boolean;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

/** A close reason must fit 123 UTF-8 bytes. */
function closeReason(reason: string): string {
  let r = reason;
  while (Buffer.byteLength(r, "utf8") > 123) r = r.slice(0, -1);
  return r;
}

/** The TCP socket under a `ws` WebSocket (a private field of ws 8, read in this one place). */
function rawSocketOf(ws: WebSocket): Duplex | null {
  const raw = (ws as unknown as { _socket?: Duplex | null })._socket;
  return raw && typeof raw.write === "function" ? raw : null;
}

/** Adapts a WebSocket to a Link; `frames` is the reflector's one FrameCache (a batch is framed once for all its sockets). */
function makeSocket(ws: WebSocket, id: string, address: string, frames: FrameCache): Socket {
  // Without an extension (perMessageDeflate is off, see serverOptions) ws's Sender writes every
  // frame synchronously and never queues, so whole frames written straight to the TCP socket
  // stay in order with ws's own (pings, close). With an extension, everything goes through ws.
  const raw = ws.extensions === "" ? rawSocketOf(ws) : null;
  let killTimer: ReturnType<typeof setTimeout> | null = null;
  let resumeAt = 0;
  let resumeTimer: ReturnType<typeof setTimeout> | null = null;
  const resume = () => {
    resumeTimer = null;
    const wait = resumeAt - performance.now();
    if (wait > 1) resumeTimer = setTimeout(resume, wait);
    else if (ws.readyState === WebSocket.OPEN) ws.resume();
  };
  ws.once("close", () => {
    if (killTimer !== null) clearTimeout(killTimer);
    if (resumeTimer !== null) clearTimeout(resumeTimer);
  });
  return {
    id,
    address,
    ws,
    alive: true,
    get open() {
      return ws.readyState === WebSocket.OPEN;
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send(frame) {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (raw) raw.write(frames.frameOf(frame));
      else ws.send(frame, { binary: true });
    },
    pause(ms) {
      if (ws.readyState !== WebSocket.OPEN) return;
      resumeAt = Math.max(resumeAt, performance.now() + ms);
      ws.pause();
      resumeTimer ??= setTimeout(resume, ms);
    },
    close(code, reason) {
      if (ws.readyState === WebSocket.CLOSED) return;
      if (ws.readyState === WebSocket.OPEN) ws.close(code, closeReason(reason));
      killTimer ??= setTimeout(() => ws.terminate(), CLOSE_TIMEOUT_MS);
    },
  };
}

/**
 * A reflector's WebSocket endpoint without a listening socket of its own: the sessions, the
 * heartbeat and the keep-alive pings, fed by `handleUpgrade` (attach mode, see attach.ts).
 */
export interface ReflectorEndpoint {
  /** Takes over one HTTP upgrade request (the caller has already matched its path). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Graceful shutdown, as Reflector.close (refuses upgrades from now on). */
  close(): Promise<void>;
}

/** The shared core: every connection, however it arrived, goes through here. */
function serve(opts: ResolvedOptions, wss: WebSocketServer): { close(): Promise<void>; stats(reset?: boolean): ReflectorStats } {
  const clock = () => performance.now();
  const storage = createStorage(opts.storage, { fsync: opts.fsync, log: opts.log });
  const relayStats = new RelayStats(clock);
  const registry = new Registry(storage, opts, clock, relayStats);
  const hub = new Hub(opts, registry, clock);
  const sockets = new Set<Socket>();
  const frames = new FrameCache();
  let nextId = 1;

  wss.on("error", (err) => opts.log(`reflector: server error: ${err.message}`));

  wss.on("connection", (ws, req: IncomingMessage) => {
    // a socket error (bad framing, over maxPayload, reset) is followed by 'close'; nothing to add
    ws.on("error", () => undefined);
    try {
      const s = makeSocket(ws, `c${nextId++}`, req.socket.remoteAddress ?? "", frames);
      sockets.add(s);
      ws.on("pong", () => {
        s.alive = true;
      });
      ws.on("message", (data, isBinary) => hub.frame(s, toBytes(data), isBinary));
      ws.once("close", () => {
        sockets.delete(s);
        hub.closed(s);
      });
      hub.open(s);
    } catch (err) {
      opts.log(`reflector: connection setup failed: ${(err as Error)?.stack ?? String(err)}`);
      ws.terminate();
    }
  });

  // The heartbeat sleeps until the next session has a tick (or snapshot request, or desync
  // verdict) due, rather than polling every few ms: while events flow they carry time and no
  // tick is due, so a busy reflector wakes for its sockets only. A join may make work due
  // sooner than the sleeping timer; it re-arms the timer (onJoined).
  let heartbeat: ReturnType<typeof setTimeout> | null = null;
  let heartbeatAt = Infinity;
  let stopped = false;
  const arm = (at: number) => {
    if (stopped || at >= heartbeatAt) return;
    if (heartbeat !== null) clearTimeout(heartbeat);
    const wait = Math.min(MAX_HEARTBEAT_SLEEP_MS, Math.max(1, at - clock()));
    heartbeatAt = clock() + wait;
    heartbeat = setTimeout(beat, wait);
  };
  const beat = () => {
    heartbeat = null;
    heartbeatAt = Infinity;
    arm(hub.heartbeat());
  };
  hub.onJoined = () => arm(clock());
  beat();
  const pinger = setInterval(() => {
    for (const s of sockets) {
      if (!s.alive) {
        s.ws.terminate();
        continue;
      }
      s.alive = false;
      if (s.ws.readyState === WebSocket.OPEN) s.ws.ping();
    }
  }, opts.pingMs);

  const stats = (reset = false) => relayStats.read(registry.size, hub.connectionCount, reset);
  const statsTimer = opts.statsMs > 0 ? setInterval(() => opts.log(`reflector stats ${JSON.stringify(stats(true))}`), opts.statsMs) : null;

  let closing: Promise<void> | null = null;
  return {
    stats,
    close() {
      closing ??= (async () => {
        if (statsTimer !== null) clearInterval(statsTimer);
        stopped = true;
        if (heartbeat !== null) clearTimeout(heartbeat);
        clearInterval(pinger);
        const listenerClosed = new Promise<void>((resolve) => wss.close(() => resolve()));
        await hub.shutdown();
        await Promise.all(
          [...sockets].map(
            (s) =>
              new Promise<void>((resolve) => {
                if (s.ws.readyState === WebSocket.CLOSED) return resolve();
                s.ws.once("close", () => resolve());
              }),
          ),
        );
        await listenerClosed;
      })();
      return closing;
    },
  };
}

function serverOptions(opts: ResolvedOptions): ServerOptions {
  return {
    maxPayload: Math.max(opts.limits.maxSnapshotBytes, opts.limits.maxEventBytes) + FRAME_SLACK,
    perMessageDeflate: false,
    clientTracking: false,
  };
}

/** A reflector listening on its own port (`opts.host`, `opts.port`). */
export async function startReflector(options: ReflectorOptions = {}): Promise<Reflector> {
  const opts = resolveOptions(options);
  const wss = new WebSocketServer({ ...serverOptions(opts), host: opts.host, port: opts.port });
  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  let core: ReturnType<typeof serve>;
  try {
    core = serve(opts, wss);
  } catch (err) {
    // e.g. the storage directory is locked by another reflector: do not leave the port open
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    throw err;
  }

  const address = wss.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  return { url: `ws://${host}:${port}`, port, stats: (reset) => core.stats(reset), close: () => core.close() };
}

/** A reflector that listens on nothing: hand it HTTP upgrade requests (attach.ts does). */
export function createReflectorEndpoint(options: ReflectorOptions = {}): ReflectorEndpoint {
  const opts = resolveOptions(options);
  const wss = new WebSocketServer({ ...serverOptions(opts), noServer: true });
  const core = serve(opts, wss);
  let closed = false;
  return {
    handleUpgrade(req, socket, head) {
      if (closed) {
        socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      socket.on("error", () => undefined); // a reset during the handshake is not ours to report
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
    },
    close() {
      closed = true;
      return core.close();
    },
  };
}
