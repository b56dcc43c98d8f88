// Session.join: one client of a shared session over WebSocket, in browsers and in Node.
// Wires the socket to the sans-IO Controller, keeps unacknowledged events for resending
// after a reconnect, reconnects with backoff, sleeps in hidden tabs, reports state hashes
// for desync detection, and feeds model→view events to the views.
import type { Model } from "../model/model.ts";
import type { ModelError, Runtime } from "../model/runtime.ts";
import { describeDifference } from "../model/diff.ts";
import { decodeSnapshot, encodeSnapshot } from "../model/snapshot.ts";
import { encodeValue } from "../model/values.ts";
import { decodeServerFrame, encodeClientMsg } from "../protocol/codec.ts";
import type { ClientMsg, DesyncMsg, SendMsg, ServerMsg } from "../protocol/messages.ts";
import { View } from "../view/view.ts";
import { withViewHost, type ViewHost } from "../view/view-host.ts";
import { backoffDelay, type BackoffOptions } from "./backoff.ts";
import { createCipher, WrongPasswordError, type Cipher } from "./cipher.ts";
import { decryptServerMsgs, encryptClientMsg } from "./crypt-messages.ts";
import { Controller } from "./controller.ts";
import { createDebugLog, parseDebug, type DebugLog } from "./debug.ts";
import { deriveSessionId, newViewId } from "./session-id.ts";
import { openSocket, type Socket } from "./socket.ts";
import { ViewRouter } from "./view-router.ts";

export interface JoinOptions<M extends Model> {
  appId: string;
  name: string;
  /**
   * Optional shared secret: every payload (events, viewData, snapshots) is end-to-end
   * encrypted with it (AES-GCM); the reflector never sees it. A wrong one fails the join.
   */
  password?: string;
  model: { prototype: M };
  /** Passed to the root model's init on a fresh session. */
  options?: unknown;
  view?: new (model: M) => View;
  /** ws:// URL; in a browser defaults to this page's host at /reflector. */
  reflector?: string;
  /** Arrives with view-join / view-exit as `{ viewId, viewData }`. */
  viewData?: unknown;
  /** Debug log kinds: session, messages, events, ticks, snapshot, hashes (or "all"). */
  debug?: string | string[];
  /** Heartbeat ticks per second for this session (1..60), set by the client that opens it; default: the reflector's (20). */
  tps?: number;
  /** Seconds a hidden tab stays connected (default 10); false = never sleep. */
  autoSleep?: number | false;
  /** Report a state hash every this many ms of model time (default 5000; 0 = off). */
  hashIntervalMs?: number;
  reconnect?: BackoffOptions;
  /** Client-side send budget, matching the reflector's limit (default 20/s, burst 60). */
  eventRate?: { perSecond: number; burst: number };
  onError?: (e: ModelError) => void;
  /** Catch-up progress 0..1 while joining or catching up (views can subscribe only after join resolves). */
  onProgress?: (progress: number) => void;
  /** Reconnect when nothing arrived from the reflector for this long (default 5000 ms; ticks come every 50 ms). */
  silenceMs?: number;
  /** After this client is told it diverged, rebuild its state from the session's (default true). */
  repairDesync?: boolean;
  /**
   * Development check: hash the model before and after each view frame and report a view
   * that wrote the model, naming what changed (costs a snapshot encode per frame).
   */
  devChecks?: boolean;
}

export type SessionStatus = "connecting" | "connected" | "reconnecting" | "sleeping" | "left";

const isBrowser = typeof window !== "undefined" && typeof document !== "undefined";
const clock = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());
const defer = (fn: () => void): void => {
  if (typeof setImmediate === "function") setImmediate(fn);
  else setTimeout(fn, 0);
};

export class Session<M extends Model = Model> implements ViewHost {
  readonly id: string;
  readonly viewId = newViewId();
  view: View | null = null;
  status: SessionStatus = "connecting";
  /** Errors from model code (and desync reports) seen by this client. */
  readonly errors: ModelError[] = [];
  /** The last state hashes this client reported, keyed "time:seq" (for comparing clients at agreeing moments). */
  readonly hashLog = new Map<string, string>();
  private readonly controller: Controller;
  private readonly router = new ViewRouter();
  private readonly debug: DebugLog;
  private socket: Socket | null = null;
  private unacked: SendMsg[] = [];
  /** Local send time of each unacked event, for the round-trip estimate. */
  private sentAt: number[] = [];
  /** Last measured round trip of one of our events to the reflector and back (ms); NaN until measured. */
  ping = NaN;
  private joinedOnSocket = false;
  private wasSynced = false;
  private pumpScheduled = false;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private sleepTimer: ReturnType<typeof setTimeout> | null = null;
  private rafHandle = 0;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private lastHeard = clock();
  private lastWatch = clock();
  private tokens: number;
  private lastRefill = clock();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly outbox: SendMsg[] = [];
  private statusListeners: ((s: SessionStatus) => void)[] = [];
  private firstSync: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private viewDataBytes: Uint8Array;
  private cipher: Cipher | null = null;
  /** Keeps decryption and encryption (async) in message order. */
  private inbound: Promise<void> = Promise.resolve();
  private outbound: Promise<void> = Promise.resolve();
  private encrypting = 0;
  private devCheckSkip = 0;

  // stored without the model type parameter so Session<Sub> is assignable to Session<Model>
  private readonly opts: JoinOptions<Model>;

  private constructor(options: JoinOptions<M>) {
    const opts = (this.opts = options as unknown as JoinOptions<Model>);
    this.id = deriveSessionId(opts.appId, opts.name);
    this.debug = createDebugLog(parseDebug(opts.debug, isBrowser ? location.href : undefined), this.viewId.slice(0, 6));
    this.controller = new Controller({
      sessionId: this.id,
      model: opts.model,
      options: opts.options,
      hashIntervalMs: opts.hashIntervalMs ?? 5000,
      compressSnapshots: true,
    });
    this.controller.onStamped = (e) => this.debug.log("events", `#${e.seq} t=${e.time.toFixed(1)} kind=${e.kind} from ${e.viewId} (${e.payload.length} B)`);
    this.controller.onNewRuntime = (rt) => this.adoptRuntime(rt, true);
    this.controller.onResync = (difference) => {
      const text = difference ? `first difference from the session's state: ${difference}` : "no difference from the session's snapshot (this client may have uploaded it)";
      console.error(`[tandem] desync diagnosis: ${text}`);
      this.errors.push({ where: "desync-diagnosis", error: new Error(text), time: this.controller.runtime?.time ?? 0 });
    };
    this.tokens = opts.eventRate?.burst ?? 60;
    this.viewDataBytes = opts.viewData === undefined ? new Uint8Array(0) : encodeValue(opts.viewData, "viewData");
  }

  /** Joins (or creates) the session and resolves once the model is current. */
  static async join<M extends Model>(opts: JoinOptions<M>): Promise<Session<M>> {
    const session = new Session(opts);
    await session.start();
    return session;
  }

  /** The root model: read it, never write it. */
  get model(): M {
    return this.controller.model as M;
  }

  get runtime(): Runtime | null {
    return this.controller.runtime;
  }

  /** True only after a (re)join has synced; false as soon as the socket closes. */
  get connected(): boolean {
    return this.status === "connected";
  }

  get synced(): boolean {
    return this.controller.synced;
  }

  /** Catch-up progress 0..1. */
  get progress(): number {
    return this.controller.progress;
  }

  /** Reflector messages received but not yet applied. */
  get pending(): number {
    return this.controller.pending;
  }

  /** Events published but not yet echoed back stamped by the reflector. */
  get unacknowledged(): number {
    return this.unacked.length + this.outbox.length + this.encrypting;
  }

  onStatus(fn: (s: SessionStatus) => void): () => void {
    this.statusListeners.push(fn);
    return () => (this.statusListeners = this.statusListeners.filter((f) => f !== fn));
  }

  hash(): string {
    return this.controller.hash();
  }

  publish(scope: string, event: string, data?: unknown): void {
    if (this.status === "left") throw new Error("publish() after leave()");
    const msg = this.controller.send(scope, event, data);
    const cipher = this.cipher;
    if (!cipher) {
      this.outbox.push(msg);
      this.flushOutbox();
      return;
    }
    this.encrypting++;
    this.outbound = this.outbound.then(async () => {
      const sealed = (await encryptClientMsg(cipher, msg)) as SendMsg;
      this.encrypting--;
      this.outbox.push(sealed);
      this.flushOutbox();
    });
  }

  addViewSubscription(scope: string, event: string, fn: (data: unknown) => void): void {
    this.router.add(scope, event, fn);
  }

  removeViewSubscription(scope: string, event: string, fn: (data: unknown) => void): void {
    this.router.remove(scope, event, fn);
  }

  /** Leaves the session: the reflector stamps view-exit at once. */
  async leave(): Promise<void> {
    if (this.status === "left") return;
    this.setStatus("left");
    this.clearTimers();
    if (isBrowser) document.removeEventListener("visibilitychange", this.onVisibility);
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
    this.view?.detach();
    this.view = null;
    this.router.clear();
  }

  // ---- connection ----

  private reflectorUrl(): string {
    if (this.opts.reflector) return this.opts.reflector;
    if (isBrowser) return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/reflector`;
    throw new Error("Session.join: pass `reflector: \"ws://host:port\"` (no page to derive it from)");
  }

  private async start(): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => (this.firstSync = { resolve, reject }));
    if (this.opts.password) {
      this.cipher = await createCipher(this.opts.password, this.id);
      // always send an encrypted viewData, so even a session of silent joins proves the password
      const plain = this.viewDataBytes.length > 0 ? this.viewDataBytes : encodeValue(undefined);
      this.viewDataBytes = await this.cipher.encrypt(plain);
    }
    if (isBrowser) document.addEventListener("visibilitychange", this.onVisibility);
    this.watchdog = setInterval(() => this.watch(), 1000);
    (this.watchdog as { unref?: () => void }).unref?.();
    void this.connect(true);
    return ready;
  }

  private async connect(first: boolean): Promise<void> {
    const url = this.reflectorUrl();
    this.debug.log("session", `connecting to ${url}`);
    let socket: Socket;
    try {
      socket = await openSocket(url);
    } catch (err) {
      if (first) {
        this.firstSync?.reject(err as Error);
        this.firstSync = null;
        this.setStatus("left");
        return;
      }
      this.debug.log("session", `connect failed: ${(err as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    if (this.status === "left" || this.status === "sleeping") {
      socket.close(1000, "not needed");
      return;
    }
    this.socket = socket;
    this.joinedOnSocket = false;
    socket.onmessage = (bytes) => this.onFrame(bytes);
    socket.onclose = (code, reason) => this.onClose(socket, code, reason);
    this.sendNow({ type: "join", sessionId: this.id, viewId: this.viewId, viewData: this.viewDataBytes, lastClientSeq: this.controller.clientSeq, tps: this.opts.tps });
  }

  private onClose(socket: Socket, code: number, reason: string): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.joinedOnSocket = false;
    this.debug.log("session", `socket closed ${code} ${reason}`);
    this.markUnsynced();
    if (this.status === "left" || this.status === "sleeping") return;
    this.setStatus("reconnecting");
    this.scheduleReconnect();
  }

  /**
   * Notices dead connections the socket does not report: the reflector ticks several times a
   * second, so silence means a half-open socket; a large gap between our own timer runs means
   * the device slept. Either way: reconnect and fast-forward.
   */
  private watch(): void {
    const t = clock();
    const slept = t - this.lastWatch > 5000;
    this.lastWatch = t;
    if (!this.socket || !this.joinedOnSocket) return;
    const silent = t - this.lastHeard > (this.opts.silenceMs ?? 5000);
    if (!slept && !silent) return;
    this.debug.log("session", slept ? "device slept: reconnecting" : "no message from the reflector: reconnecting");
    const s = this.socket;
    this.socket = null;
    this.joinedOnSocket = false;
    this.markUnsynced();
    s.close(4000, slept ? "slept" : "silent");
    this.setStatus("reconnecting");
    this.attempt = 0;
    void this.connect(false);
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.status === "left" || this.status === "sleeping") return;
    const delay = backoffDelay(this.attempt++, this.opts.reconnect);
    this.debug.log("session", `reconnecting in ${delay} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect(false);
    }, delay);
  }

  private readonly onVisibility = (): void => {
    const sleepAfter = this.opts.autoSleep ?? 10;
    if (sleepAfter === false) return;
    if (document.visibilityState === "hidden") {
      if (!this.sleepTimer) this.sleepTimer = setTimeout(() => this.sleep(), sleepAfter * 1000);
    } else {
      if (this.sleepTimer) clearTimeout(this.sleepTimer);
      this.sleepTimer = null;
      if (this.status === "sleeping") this.wake();
    }
  };

  /** Disconnects a hidden tab; `wake` rejoins and fast-forwards. */
  sleep(): void {
    this.sleepTimer = null;
    if (this.status === "left") return;
    this.debug.log("session", "sleeping");
    this.setStatus("sleeping");
    this.markUnsynced();
    const s = this.socket;
    this.socket = null;
    this.joinedOnSocket = false;
    s?.close(1000, "sleep");
  }

  wake(): void {
    if (this.status !== "sleeping") return;
    this.debug.log("session", "waking up");
    this.setStatus("reconnecting");
    this.attempt = 0;
    void this.connect(false);
  }

  // ---- incoming ----

  private onFrame(bytes: Uint8Array): void {
    this.lastHeard = clock();
    let msgs: ServerMsg[];
    try {
      msgs = decodeServerFrame(bytes);
    } catch (err) {
      console.error("[tandem] malformed frame from reflector:", err);
      return;
    }
    const cipher = this.cipher;
    if (!cipher) {
      if (this.refuseIfEncrypted(msgs)) return;
      this.handleMessages(msgs);
      return;
    }
    this.inbound = this.inbound.then(async () => {
      let plain: ServerMsg[];
      try {
        plain = await decryptServerMsgs(cipher, msgs, this.viewId, (err) => this.debug.log("session", err.message));
      } catch (err) {
        this.failJoin(err instanceof WrongPasswordError ? new Error(`${err.message} (session "${this.opts.name}")`) : (err as Error));
        return;
      }
      if (this.status !== "left") this.handleMessages(plain);
    });
  }

  /** A client without the password in an encrypted session gets a clear error, not garbage. */
  private refuseIfEncrypted(msgs: ServerMsg[]): boolean {
    const joined = msgs.find((m) => m.type === "joined");
    if (!joined || joined.type !== "joined") return false;
    const sealed = (b: Uint8Array | undefined) => b !== undefined && b.length > 13 && b[0] === 0xe1;
    if (!sealed(joined.snapshot?.data) && !joined.events.some((e) => sealed(e.payload))) return false;
    this.failJoin(new Error(`session "${this.opts.name}" is end-to-end encrypted: join with its password`));
    return true;
  }

  private failJoin(err: Error): void {
    console.error(`[tandem] ${err.message}`);
    this.errors.push({ where: "join", error: err, time: 0 });
    if (this.firstSync) {
      this.firstSync.reject(err);
      this.firstSync = null;
    }
    void this.leave();
  }

  private handleMessages(msgs: ServerMsg[]): void {
    for (const msg of msgs) {
      if (msg.type !== "tick") this.debug.log("messages", "in", msg.type);
      else this.debug.log("ticks", `tick ${msg.time.toFixed(1)}`);
      switch (msg.type) {
        case "joined":
          this.joinedOnSocket = true;
          this.attempt = 0;
          // everything up to lastClientSeq was stamped; the rest is resent in order
          this.unacked = this.unacked.filter((u) => u.clientSeq > msg.lastClientSeq);
          this.sentAt = this.unacked.map(() => clock());
          for (const u of this.unacked) this.sendNow(u);
          this.debug.log("session", `joined: snapshot ${msg.snapshot ? `${msg.snapshot.data.length} B at #${msg.snapshot.seq}` : "none"}, ${msg.events.length} events to replay`);
          break;
        case "event":
          if (msg.event.viewId === this.viewId && msg.event.kind === 0 && this.unacked.length > 0) {
            this.unacked.shift();
            this.ping = clock() - this.sentAt.shift()!;
          }
          break;
        case "error":
          console.error(`[tandem] reflector error ${msg.code}: ${msg.message}`);
          if (!this.wasSynced && this.firstSync) {
            this.firstSync.reject(new Error(`reflector refused the session: ${msg.message}`));
            this.firstSync = null;
          }
          continue;
        case "desync":
          this.onDesync(msg);
          continue;
        case "snap-request":
          this.debug.log("snapshot", "snapshot requested");
          break;
        default:
          break;
      }
      this.controller.receive(msg);
    }
    this.schedulePump();
    this.flushOutbox();
  }

  private onDesync(msg: DesyncMsg): void {
    const mine = msg.views.includes(this.viewId);
    const text = `state diverged at t=${msg.time} #${msg.seq}: views ${msg.views.join(", ")}${mine ? " (including this one)" : ""}`;
    this.debug.log("hashes", text);
    if (mine) {
      const e: ModelError = { where: "desync", error: new Error(text), time: msg.time };
      this.errors.push(e);
      console.error(`[tandem] ${text}`);
      this.opts.onError?.(e);
      if (this.opts.repairDesync !== false) this.resync();
    }
    this.router.emit(this.viewId, "desync", { ...msg, mine });
  }

  /**
   * Rebuilds this client's state from the session's snapshot + log: reconnects at once with
   * the same viewId (inside the reflector's grace, so no view-exit/join), and names the first
   * field that differed from the session's state.
   */
  private resync(): void {
    const s = this.socket;
    if (!s || this.status === "left") return;
    this.controller.requestResync();
    this.debug.log("session", "resyncing from the session's snapshot after a desync");
    this.socket = null;
    this.joinedOnSocket = false;
    this.markUnsynced();
    s.close(1000, "resync");
    this.setStatus("reconnecting");
    this.attempt = 0;
    void this.connect(false);
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    defer(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.status === "left") return;
    const started = clock();
    // while catching up, work in slices so a page stays responsive and can show progress
    const deadline = this.controller.synced ? undefined : () => clock() - started > 30;
    let replies: ClientMsg[];
    try {
      replies = this.controller.pump(deadline);
    } catch (err) {
      console.error("[tandem] failed to apply reflector messages:", err);
      return;
    }
    for (const r of replies) {
      if (r.type === "snap-upload") {
        this.debug.log("snapshot", `uploading ${r.snapshot.data.length} B at #${r.snapshot.seq}`);
        const cipher = this.cipher;
        if (cipher) {
          this.outbound = this.outbound.then(async () => this.sendNow(await encryptClientMsg(cipher, r)));
          continue;
        }
      }
      if (r.type === "hash") {
        this.debug.log("hashes", `t=${r.time} #${r.seq} ${r.hash}`);
        this.hashLog.set(`${r.time}:${r.seq}`, r.hash);
        if (this.hashLog.size > 200) this.hashLog.delete(this.hashLog.keys().next().value!);
      }
      this.sendNow(r);
    }
    const rt = this.controller.runtime;
    if (rt && rt.errors.length > 0) {
      for (const e of rt.errors.splice(0)) {
        this.errors.push(e);
        this.opts.onError?.(e);
      }
    }
    if (this.controller.pending > 0 || !this.wasSynced) this.opts.onProgress?.(this.controller.progress);
    if (this.controller.pending > 0) {
      this.router.emit(this.viewId, "catchup", this.controller.progress);
      this.schedulePump();
    }
    const synced = this.controller.synced && this.joinedOnSocket;
    if (synced && !this.wasSynced) this.onSynced();
    if (!synced && this.wasSynced && this.controller.pending > 0) {
      this.wasSynced = false;
      this.router.emit(this.viewId, "synced", false);
    }
    if (!isBrowser) this.deliverViewEvents();
  }

  private onSynced(): void {
    this.wasSynced = true;
    const rt = this.controller.runtime!;
    this.setStatus("connected");
    this.router.emit(this.viewId, "synced", true);
    if (this.firstSync) {
      this.adoptRuntime(rt, false);
      this.firstSync.resolve();
      this.firstSync = null;
      if (isBrowser) this.startFrameLoop();
    }
  }

  /** Points views at a runtime: on first sync, and again when a snapshot replaced ours. */
  private adoptRuntime(rt: Runtime, replaced: boolean): void {
    rt.viewFilter = (scope, event) => this.router.has(scope, event);
    if (replaced && this.view) {
      this.debug.log("session", "model replaced by a snapshot: rebuilding the view");
      this.view.detach();
      this.view = null;
    }
    if (!this.view && this.opts.view && rt.root) {
      const ViewClass = this.opts.view;
      this.view = withViewHost(this, () => new ViewClass(rt.root!));
    }
  }

  private deliverViewEvents(): void {
    const rt = this.controller.runtime;
    if (!rt || rt.viewOutbox.length === 0) return;
    this.checkedViewCode(rt, () => this.router.deliver(rt.viewOutbox.splice(0)));
  }

  /** Runs view code; with devChecks, reports any change it made to the model (views must not write it). */
  private checkedViewCode(rt: Runtime, fn: () => void): void {
    // A check encodes the state twice. Big states (a 10k-entity world: ~20 ms a frame in a
    // dev page) are checked every 10th time so development stays fluid; small ones always.
    // By size, not by measured time, so what gets checked never depends on machine load.
    if (!this.opts.devChecks || this.devCheckSkip-- > 0) return fn();
    const before = encodeSnapshot(rt);
    fn();
    const after = encodeSnapshot(rt);
    this.devCheckSkip = before.length > 64 * 1024 ? 9 : 0;
    if (before.length === after.length && before.every((b, i) => b === after[i])) return;
    const what = describeDifference(decodeSnapshot(before), rt) ?? "state bytes";
    const e: ModelError = { where: "view", error: new Error(`A view wrote the model (${what}); views may only read the model and publish events`), time: rt.time };
    console.error(`[tandem] ${String(e.error)}`);
    this.errors.push(e);
    this.opts.onError?.(e);
  }

  private startFrameLoop(): void {
    const frame = (t: number) => {
      if (this.status === "left") return;
      const rt = this.controller.runtime;
      if (rt) {
        this.checkedViewCode(rt, () => {
          this.router.deliver(rt.viewOutbox.splice(0));
          try {
            this.view?.update(t);
          } catch (err) {
            console.error("[tandem] error in view update:", err);
          }
        });
      }
      this.rafHandle = requestAnimationFrame(frame);
    };
    this.rafHandle = requestAnimationFrame(frame);
  }

  // ---- outgoing ----

  private flushOutbox(): void {
    if (!this.socket || !this.joinedOnSocket) return;
    const rate = this.opts.eventRate ?? { perSecond: 20, burst: 60 };
    const t = clock();
    this.tokens = Math.min(rate.burst, this.tokens + ((t - this.lastRefill) / 1000) * rate.perSecond);
    this.lastRefill = t;
    while (this.outbox.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      const msg = this.outbox.shift()!;
      this.unacked.push(msg);
      this.sentAt.push(t);
      this.sendNow(msg);
    }
    if (this.outbox.length > 0 && !this.flushTimer) {
      // over the reflector's rate limit: hold events back instead of having them refused
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        this.flushOutbox();
      }, Math.ceil(1000 / rate.perSecond));
    }
  }

  private sendNow(msg: ClientMsg): void {
    if (!this.socket) return;
    if (msg.type !== "hash") this.debug.log("messages", "out", msg.type);
    try {
      this.socket.send(encodeClientMsg(msg));
    } catch (err) {
      this.debug.log("session", `send failed: ${(err as Error).message}`);
    }
  }

  /** Until the next JOINED is applied we are not current with the session. */
  private markUnsynced(): void {
    if (!this.wasSynced) return;
    this.wasSynced = false;
    this.router.emit(this.viewId, "synced", false);
  }

  private setStatus(s: SessionStatus): void {
    if (this.status === s) return;
    const wasConnected = this.status === "connected";
    this.status = s;
    this.debug.log("session", `status ${s}`);
    for (const fn of this.statusListeners) fn(s);
    if (wasConnected !== (s === "connected")) this.router.emit(this.viewId, "connected", s === "connected");
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    if (this.rafHandle && typeof cancelAnimationFrame === "function") cancelAnimationFrame(this.rafHandle);
    this.reconnectTimer = this.sleepTimer = this.flushTimer = null;
  }
}
