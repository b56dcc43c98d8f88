// Session.join: one client of a shared session over WebSocket, in browsers and in Node.
// Wires the Connection (socket, JOIN, reconnects, sleep) to the sans-IO Controller and the
// Outbox (every event kept until the reflector stamped it: resent after a reconnect or a
// refusal), encrypts and decrypts with a password, reports state hashes and desyncs, and
// feeds model→view events to the views.
import type { Model } from "../model/model.ts";
import type { ModelError, Runtime } from "../model/runtime.ts";
import { encodeValue } from "../model/values.ts";
import { DEFAULT_SEND_LIMITS, ErrorCode, type ClientMsg, type DesyncMsg, type RefusedMsg, type SendLimits, type SendMsg, type ServerMsg } from "../protocol/messages.ts";
import { View } from "../view/view.ts";
import { withViewHost, type ViewHost } from "../view/view-host.ts";
import { createCipher, SEAL_OVERHEAD, WrongPasswordError, type Cipher } from "./cipher.ts";
import { decryptServerMsgs, encryptClientMsg, isSealedJoined } from "./crypt-messages.ts";
import { Connection } from "./connection.ts";
import { Controller } from "./controller.ts";
import { createDebugLog, parseDebug, type DebugLog } from "./debug.ts";
import { JoinError } from "./join-error.ts";
import type { JoinOptions, SessionStatus } from "./join-options.ts";
import { Outbox } from "./outbox.ts";
import { deriveSessionId, newViewId } from "./session-id.ts";
import { createViewWriteCheck } from "./view-check.ts";
import { ViewRouter } from "./view-router.ts";

export type { JoinOptions, SessionStatus } from "./join-options.ts";
export { JoinError, type JoinFailure } from "./join-error.ts";

/** An event unacknowledged this long while connected counts as waiting (views hear "held"). */
const STALL_MS = 1000;
/** How often the session looks whether its events are waiting, while any are unacknowledged. */
const STALL_CHECK_MS = 250;
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
  private readonly connection: Connection;
  private readonly outbox: Outbox;
  private wasSynced = false;
  /** JOINED arrived on the current connection (an ERROR before it answers the JOIN). */
  private joinedHere = false;
  private _held = false;
  /** When the console was last told that the reflector refused our events (once per hold, not per retry). */
  private lastHoldWarning = -Infinity;
  private stallTimer: ReturnType<typeof setInterval> | null = null;
  /** The reflector's send budget for this connection (from JOINED). */
  private limits: SendLimits = DEFAULT_SEND_LIMITS;
  /** Published events waiting to be encrypted (a password session seals a turn's events together). */
  private sealQueue: SendMsg[] = [];
  private pumpScheduled = false;
  private rafHandle = 0;
  private statusListeners: ((s: SessionStatus) => void)[] = [];
  private firstSync: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private viewDataBytes: Uint8Array;
  private cipher: Cipher | null = null;
  /** Keeps decryption and encryption (async) in message order. */
  private inbound: Promise<void> = Promise.resolve();
  private outbound: Promise<void> = Promise.resolve();
  private encrypting = 0;
  private readonly viewWriteCheck = createViewWriteCheck();

  // stored without the model type parameter so Session<Sub> is assignable to Session<Model>
  private readonly opts: JoinOptions<Model>;

  private constructor(options: JoinOptions<M>) {
    const opts = (this.opts = options as unknown as JoinOptions<Model>);
    // JOIN carries tps as a u16: anything else would wrap silently into another rate
    if (opts.tps !== undefined && !(Number.isInteger(opts.tps) && opts.tps >= 1 && opts.tps <= 60)) {
      throw new RangeError(`Session.join: tps must be a whole number of ticks per second from 1 to 60, got ${String(opts.tps)}`);
    }
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
    this.outbox = new Outbox({ clock, send: (msgs) => this.connection.sendAll(msgs) });
    this.connection = new Connection({
      reflector: opts.reflector,
      reconnect: opts.reconnect,
      clock,
      silenceMs: opts.silenceMs ?? 5000,
      autoSleep: opts.autoSleep ?? 10,
      debug: this.debug,
      status: () => this.status,
      setStatus: (s) => this.setStatus(s),
      join: () => ({ type: "join", sessionId: this.id, viewId: this.viewId, viewData: this.viewDataBytes, lastClientSeq: this.controller.clientSeq, tps: this.opts.tps }),
      onMessages: (msgs) => this.onMessages(msgs),
      onDisconnected: () => {
        this.joinedHere = false;
        this.outbox.disconnected();
        this.markUnsynced();
      },
      onFirstFailure: (err) => {
        this.firstSync?.reject(new JoinError("unreachable", err.message));
        this.firstSync = null;
        this.setStatus("left");
      },
    });
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

  /**
   * Events published and not yet stamped by the reflector: in flight, queued behind the send
   * budget, waiting for a reconnect, or refused and waiting to be sent again. None is dropped:
   * each stays counted here until its stamped echo comes back.
   */
  get unacknowledged(): number {
    return this.outbox.size + this.sealQueue.length + this.encrypting;
  }

  /** Last measured round trip of one of our events to the reflector and back (ms); NaN until measured. */
  get ping(): number {
    return this.outbox.ping;
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
    const size = msg.payload.length + (this.cipher ? SEAL_OVERHEAD : 0);
    if (size > this.limits.maxEventBytes) {
      this.controller.clientSeq--; // never sent: the next event takes its number
      throw new RangeError(`publish("${scope}", "${event}"): the event is ${size} bytes, over the reflector's limit of ${this.limits.maxEventBytes} bytes per event; send less data per event (split it, or keep large data out of events)`);
    }
    this.watchDelivery();
    if (!this.cipher) return this.outbox.push(msg);
    this.sealQueue.push(msg);
    if (this.sealQueue.length === 1) this.outbound = this.outbound.then(() => this.seal());
  }

  /** Encrypts everything published so far together and hands it to the outbox in order (one frame, not one per event). */
  private async seal(): Promise<void> {
    const cipher = this.cipher!;
    const plain = this.sealQueue;
    this.sealQueue = [];
    this.encrypting += plain.length;
    try {
      const sealed = await Promise.all(plain.map((m) => encryptClientMsg(cipher, m) as Promise<SendMsg>));
      for (const m of sealed) this.outbox.push(m);
    } finally {
      this.encrypting -= plain.length;
    }
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
    this.outbox.close();
    this.stopWatchingDelivery();
    if (this.rafHandle && typeof cancelAnimationFrame === "function") cancelAnimationFrame(this.rafHandle);
    this.connection.close();
    this.view?.detach();
    this.view = null;
    this.router.clear();
  }

  // ---- connection ----

  private async start(): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => (this.firstSync = { resolve, reject }));
    if (this.opts.password) {
      this.cipher = await createCipher(this.opts.password, this.id);
      // always send an encrypted viewData, so even a session of silent joins proves the password
      const plain = this.viewDataBytes.length > 0 ? this.viewDataBytes : encodeValue(undefined);
      this.viewDataBytes = await this.cipher.encrypt(plain);
    }
    this.connection.start();
    return ready;
  }

  /** Disconnects a hidden tab; `wake` rejoins and fast-forwards. */
  sleep(): void {
    this.connection.sleep();
  }

  wake(): void {
    this.connection.wake();
  }

  // ---- incoming ----

  private onMessages(msgs: ServerMsg[]): void {
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
        if (!(err instanceof WrongPasswordError)) return this.failJoin(err as Error);
        // the reflector let us in; it is our key that does not fit (it never sees the password)
        this.failJoin(new JoinError("wrong-password", `this client cannot decrypt session "${this.opts.name}": its password is not the one the session was made with. Join with the session's password (ask whoever shared the link for it), or start a new session`));
        return;
      }
      if (this.status !== "left") this.handleMessages(plain);
    });
  }

  /** A client without the password in an encrypted session gets a clear error, not garbage. */
  private refuseIfEncrypted(msgs: ServerMsg[]): boolean {
    if (!msgs.some(isSealedJoined)) return false;
    this.failJoin(new JoinError("password-required", `session "${this.opts.name}" is end-to-end encrypted and this client has no password: join with its password (the #pw=… part of a shared link)`));
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
          this.joinedHere = true;
          this.connection.noteJoined();
          this.limits = msg.limits;
          this.outbox.configure(msg.limits);
          this.outbox.joined(msg.lastClientSeq); // resent from here, paced
          this.checkDelivery();
          this.debug.log("session", `joined: snapshot ${msg.snapshot ? `${msg.snapshot.data.length} B at #${msg.snapshot.seq}` : "none"}, ${msg.events.length} events to replay`);
          break;
        case "event":
          if (msg.event.viewId === this.viewId && msg.event.kind === 0) {
            this.outbox.echoed();
            this.checkDelivery();
          }
          break;
        case "refused":
          this.onRefused(msg);
          continue;
        case "error":
          console.error(`[tandem] reflector error ${msg.code}: ${msg.message}`);
          if (!this.wasSynced && this.firstSync) {
            this.firstSync.reject(new JoinError("refused", `reflector refused the session: ${msg.message}`, msg.code));
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
    this.outbox.flush();
  }

  /**
   * A SEND the reflector did not stamp. Over its limit (TOO_LARGE) an event can never be sent:
   * it is dropped with an error (publish refuses those up front; this covers a reflector with a
   * smaller limit). Otherwise (full backlog, rate) it and everything after it are sent again,
   * in order, after the delay the reflector asked for: nothing is lost.
   */
  private onRefused(msg: RefusedMsg): void {
    if (msg.code === ErrorCode.TOO_LARGE) {
      if (!this.outbox.dropped(msg.clientSeq)) return;
      const error = new Error(`the reflector refused an event it can never accept: ${msg.message}`);
      const e: ModelError = { where: "publish", error, time: this.controller.runtime?.time ?? 0 };
      console.error(`[tandem] ${error.message}`);
      this.errors.push(e);
      this.opts.onError?.(e);
      this.checkDelivery();
      return;
    }
    this.debug.log("session", `events held: ${msg.message}`);
    const now = clock();
    if (now - this.lastHoldWarning > 30_000) {
      console.warn(`[tandem] the reflector refused this client's events for now (${msg.message}); they are kept and sent again, in order, in ${msg.retryMs} ms`);
    }
    this.lastHoldWarning = now;
    this.outbox.refused(msg.clientSeq, msg.retryMs);
    this.setHeld(true);
    this.watchDelivery();
  }

  /**
   * True while this client's events are waiting: the reflector refused some for now (its
   * backlog is full, or this client sent faster than its budget) and they wait to be sent
   * again, or an event has been unacknowledged for over a second while connected. Nothing is
   * dropped meanwhile (`unacknowledged` counts them). Views get a "held" event (true / false)
   * when it changes; the connection indicator then says "Connected · N events waiting".
   */
  get held(): boolean {
    return this._held;
  }

  /** Looks whether events are waiting now, and from now on every STALL_CHECK_MS while any are unacknowledged. */
  private watchDelivery(): void {
    if (this.stallTimer !== null) return;
    this.stallTimer = setInterval(() => this.checkDelivery(), STALL_CHECK_MS);
    // a headless client's process may end with events still queued: this timer must not keep it alive
    (this.stallTimer as { unref?: () => void }).unref?.();
  }

  private stopWatchingDelivery(): void {
    if (this.stallTimer !== null) clearInterval(this.stallTimer);
    this.stallTimer = null;
  }

  private checkDelivery(): void {
    if (this.unacknowledged === 0) {
      this.stopWatchingDelivery();
      this.setHeld(false);
      return;
    }
    this.setHeld(this.outbox.holding || (this.status === "connected" && this.outbox.oldestWaitMs() > STALL_MS));
  }

  private setHeld(held: boolean): void {
    if (held === this._held) return;
    this._held = held;
    this.router.emit(this.viewId, "held", held);
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
    if (!this.connection.hasSocket || this.status === "left") return;
    this.controller.requestResync();
    this.debug.log("session", "resyncing from the session's snapshot after a desync");
    this.connection.reconnectNow(1000, "resync");
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
          this.outbound = this.outbound.then(async () => this.connection.send(await encryptClientMsg(cipher, r)));
          continue;
        }
      }
      if (r.type === "hash") {
        this.debug.log("hashes", `t=${r.time} #${r.seq} ${r.hash}`);
        this.hashLog.set(`${r.time}:${r.seq}`, r.hash);
        if (this.hashLog.size > 200) this.hashLog.delete(this.hashLog.keys().next().value!);
      }
      this.connection.send(r);
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
    const synced = this.controller.synced && this.connection.joined;
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
    if (!this.opts.devChecks) return fn();
    const what = this.viewWriteCheck(rt, fn);
    if (what === null) return;
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

  // ---- status ----

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
}
