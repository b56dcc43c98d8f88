// The client's link to the reflector: opens the socket and sends JOIN on it, and keeps the
// link alive — after a close it reconnects with backoff; when Liveness finds it dead (silent
// or the device slept) it replaces it at once with the same viewId, inside the reflector's
// grace; a hidden tab is disconnected and rejoins when visible. It speaks protocol messages;
// what they mean, and the session's status beyond the connection's part of it, belong to Session.
import { decodeServerFrame, encodeClientMsg, encodeClientMsgs } from "../protocol/codec.ts";
import type { ClientMsg, JoinMsg, ServerMsg } from "../protocol/messages.ts";
import { backoffDelay, type BackoffOptions } from "./backoff.ts";
import type { DebugLog } from "./debug.ts";
import type { SessionStatus } from "./join-options.ts";
import { Liveness } from "./liveness.ts";
import { openSocket, type Socket } from "./socket.ts";

const isBrowser = typeof window !== "undefined" && typeof document !== "undefined";

export interface ConnectionOptions {
  /** ws:// URL; in a browser defaults to this page's host at /reflector. */
  reflector: string | undefined;
  reconnect: BackoffOptions | undefined;
  clock: () => number;
  silenceMs: number;
  autoSleep: number | false;
  debug: DebugLog;
  /** The session's status decides whether a connection is wanted at all ("left", "sleeping": no). */
  status: () => SessionStatus;
  setStatus: (s: SessionStatus) => void;
  /** The JOIN for a new socket, built when it opens (it carries the latest client seq). */
  join: () => JoinMsg;
  /** The messages of one frame from the reflector, in order. */
  onMessages: (msgs: ServerMsg[]) => void;
  /** The socket is gone: nothing sent now arrives, and we are not current until the next JOINED. */
  onDisconnected: () => void;
  /** The very first socket could not be opened: Session.join fails rather than retrying. */
  onFirstFailure: (err: Error) => void;
}

export class Connection {
  private socket: Socket | null = null;
  private joinedOnSocket = false;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private liveness: Liveness | null = null;

  constructor(private readonly opts: ConnectionOptions) {}

  /** Whether a socket is open (JOINED may not have arrived on it yet). */
  get hasSocket(): boolean {
    return this.socket !== null;
  }

  /** Whether the reflector has answered this socket's JOIN. */
  get joined(): boolean {
    return this.joinedOnSocket;
  }

  /** Starts watching the link and opens the first socket. */
  start(): void {
    this.liveness = new Liveness({
      clock: this.opts.clock,
      silenceMs: this.opts.silenceMs,
      autoSleep: this.opts.autoSleep,
      isLive: () => this.socket !== null && this.joinedOnSocket,
      onDead: (reason) => {
        this.opts.debug.log("session", reason === "slept" ? "device slept: reconnecting" : "no message from the reflector: reconnecting");
        this.reconnectNow(4000, reason);
      },
      onHidden: () => this.sleep(),
      onVisible: () => this.wake(),
    });
    void this.connect(true);
  }

  /** A JOINED was applied: the link is current, and the next failure starts backoff afresh. */
  noteJoined(): void {
    this.joinedOnSocket = true;
    this.attempt = 0;
  }

  /** Sends one message on the live socket; without one it is dropped (the outbox resends events). */
  send(msg: ClientMsg): void {
    this.sendAll([msg]);
  }

  /** Sends messages as one frame (the outbox's batch of events); without a socket they are dropped. */
  sendAll(msgs: readonly ClientMsg[]): void {
    if (!this.socket || msgs.length === 0) return;
    const type = msgs[0]!.type;
    if (type !== "hash") this.opts.debug.log("messages", "out", msgs.length > 1 ? `${msgs.length}× ${type}` : type);
    try {
      this.socket.send(encodeClientMsgs(msgs));
    } catch (err) {
      this.opts.debug.log("session", `send failed: ${(err as Error).message}`);
    }
  }

  /** Replaces the connection at once (no backoff): same viewId, inside the reflector's grace. */
  reconnectNow(code: number, reason: string): void {
    this.dropSocket({ code, reason });
    this.opts.setStatus("reconnecting");
    this.attempt = 0;
    void this.connect(false);
  }

  /** Disconnects a hidden tab; `wake` rejoins and fast-forwards. */
  sleep(): void {
    if (this.opts.status() === "left") return;
    this.opts.debug.log("session", "sleeping");
    this.opts.setStatus("sleeping");
    this.dropSocket({ code: 1000, reason: "sleep" });
  }

  wake(): void {
    if (this.opts.status() !== "sleeping") return;
    this.opts.debug.log("session", "waking up");
    this.opts.setStatus("reconnecting");
    this.attempt = 0;
    void this.connect(false);
  }

  /** For leave(): stops watching and reconnecting, and tells the reflector, so it stamps view-exit at once. */
  close(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.liveness?.stop();
    this.liveness = null;
    const s = this.socket;
    this.socket = null;
    if (s) {
      try {
        s.send(encodeClientMsg({ type: "leave" }));
      } catch {
        /* already closed */
      }
      s.close(1000, "leave");
    }
  }

  private reflectorUrl(): string {
    if (this.opts.reflector) return this.opts.reflector;
    if (isBrowser) return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/reflector`;
    throw new Error("Session.join: pass `reflector: \"ws://host:port\"` (no page to derive it from)");
  }

  private async connect(first: boolean): Promise<void> {
    let socket: Socket;
    try {
      // inside the try: a missing URL fails Session.join with its message (it was an unhandled rejection)
      const url = this.reflectorUrl();
      this.opts.debug.log("session", `connecting to ${url}`);
      socket = await openSocket(url);
    } catch (err) {
      if (first) {
        this.opts.onFirstFailure(err as Error);
        return;
      }
      this.opts.debug.log("session", `connect failed: ${(err as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    const status = this.opts.status();
    if (status === "left" || status === "sleeping") {
      socket.close(1000, "not needed");
      return;
    }
    this.socket = socket;
    this.joinedOnSocket = false;
    socket.onmessage = (bytes) => this.onFrame(bytes);
    socket.onclose = (code, reason) => this.onClose(socket, code, reason);
    this.send(this.opts.join());
  }

  private onFrame(bytes: Uint8Array): void {
    this.liveness?.heard();
    let msgs: ServerMsg[];
    try {
      msgs = decodeServerFrame(bytes);
    } catch (err) {
      console.error("[tandem] malformed frame from reflector:", err);
      return;
    }
    this.opts.onMessages(msgs);
  }

  /** Forgets the current socket (closing it if asked); we are not current until the next JOINED. */
  private dropSocket(close?: { code: number; reason: string }): void {
    const s = this.socket;
    this.socket = null;
    this.joinedOnSocket = false;
    this.opts.onDisconnected();
    if (s && close) s.close(close.code, close.reason);
  }

  private onClose(socket: Socket, code: number, reason: string): void {
    if (this.socket !== socket) return;
    this.opts.debug.log("session", `socket closed ${code} ${reason}`);
    this.dropSocket();
    const status = this.opts.status();
    if (status === "left" || status === "sleeping") return;
    this.opts.setStatus("reconnecting");
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const status = this.opts.status();
    if (this.reconnectTimer || status === "left" || status === "sleeping") return;
    const delay = backoffDelay(this.attempt++, this.opts.reconnect);
    this.opts.debug.log("session", `reconnecting in ${delay} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect(false);
    }, delay);
  }
}
