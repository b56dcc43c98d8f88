// Test support: a raw reflector client on `ws` + the codec. Records every message it gets,
// and lets tests wait for a specific one (with a timeout) instead of sleeping.
import { WebSocket } from "ws";
import { decodeServerFrame, encodeClientMsg, encodeClientMsgs } from "../../../engine/src/protocol/codec.ts";
import type { ClientMsg, ErrorMsg, JoinedMsg, RefusedMsg, ServerMsg, Stamped } from "../../../engine/src/protocol/messages.ts";

type Waiter = { pred: (m: ServerMsg) => boolean; from: number; resolve: (m: ServerMsg) => void };

export const bytes = (...v: number[]) => new Uint8Array(v);

export class RawClient {
  readonly messages: ServerMsg[] = [];
  frames = 0;
  /** Frames the codec could not decode (a reflector bug: tests assert it stays empty). */
  readonly badFrames: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Waiter[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data: Buffer) => {
      this.frames++;
      let msgs: ServerMsg[];
      try {
        msgs = decodeServerFrame(data);
      } catch (err) {
        this.badFrames.push(String(err));
        return;
      }
      for (const m of msgs) {
        this.messages.push(m);
        const i = this.messages.length - 1;
        this.waiters = this.waiters.filter((w) => {
          if (i >= w.from && w.pred(m)) {
            w.resolve(m);
            return false;
          }
          return true;
        });
      }
    });
    ws.on("error", () => undefined);
    this.closed = new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static connect(url: string): Promise<RawClient> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(new RawClient(ws)));
      ws.once("error", reject);
    });
  }

  /** Connects and joins; resolves with JOINED (rejects with the ERROR if refused). */
  static async join(url: string, sessionId: string, viewId: string, lastClientSeq = 0): Promise<{ client: RawClient; joined: JoinedMsg }> {
    const client = await RawClient.connect(url);
    const joined = await client.join(sessionId, viewId, lastClientSeq);
    return { client, joined };
  }

  async join(sessionId: string, viewId: string, lastClientSeq = 0): Promise<JoinedMsg> {
    const from = this.messages.length;
    this.send({ type: "join", sessionId, viewId, viewData: bytes(), lastClientSeq });
    const m = await this.waitFor((x) => x.type === "joined" || x.type === "error", { from, what: "JOINED" });
    if (m.type === "error") throw new Error(`join refused: ${m.code} ${m.message}`);
    return m as JoinedMsg;
  }

  send(msg: ClientMsg): void {
    this.ws.send(encodeClientMsg(msg));
  }

  /** Several messages in one frame (a batch of SENDs, say). */
  sendAll(msgs: readonly ClientMsg[]): void {
    this.ws.send(encodeClientMsgs(msgs));
  }

  sendRaw(data: Uint8Array | string): void {
    this.ws.send(data);
  }

  event(clientSeq: number, ...payload: number[]): void {
    this.send({ type: "send", clientSeq, payload: bytes(...payload) });
  }

  /** Resolves with the first message (at index ≥ from) matching `pred`. */
  waitFor(pred: (m: ServerMsg) => boolean, opts: { from?: number; timeoutMs?: number; what?: string } = {}): Promise<ServerMsg> {
    const from = opts.from ?? 0;
    for (let i = from; i < this.messages.length; i++) if (pred(this.messages[i]!)) return Promise.resolve(this.messages[i]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const last = this.messages.slice(-5).map((m) => m.type);
        reject(new Error(`timed out waiting for ${opts.what ?? "a message"} (last: ${last.join(", ")})`));
      }, opts.timeoutMs ?? 5000);
      const waiter: Waiter = {
        pred,
        from,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      this.waiters.push(waiter);
    });
  }

  waitError(code: number, from = 0, timeoutMs?: number): Promise<ErrorMsg> {
    return this.waitFor((m) => m.type === "error" && m.code === code, { from, timeoutMs, what: `ERROR ${code}` }) as Promise<ErrorMsg>;
  }

  waitRefused(code: number, from = 0, timeoutMs?: number): Promise<RefusedMsg> {
    return this.waitFor((m) => m.type === "refused" && m.code === code, { from, timeoutMs, what: `REFUSED ${code}` }) as Promise<RefusedMsg>;
  }

  /** Waits for a stamped EVENT message matching `pred`. */
  async waitStamped(pred: (e: Stamped) => boolean, opts: { from?: number; timeoutMs?: number; what?: string } = {}): Promise<Stamped> {
    const m = await this.waitFor((x) => x.type === "event" && pred(x.event), opts);
    return (m as { event: Stamped }).event;
  }

  /** Every stamped message received: JOINED's events, then EVENTs, in arrival order. */
  stream(): Stamped[] {
    const out: Stamped[] = [];
    for (const m of this.messages) {
      if (m.type === "joined") out.push(...m.events);
      else if (m.type === "event") out.push(m.event);
    }
    return out;
  }

  errors(): ErrorMsg[] {
    return this.messages.filter((m): m is ErrorMsg => m.type === "error");
  }

  refusals(): RefusedMsg[] {
    return this.messages.filter((m): m is RefusedMsg => m.type === "refused");
  }

  ticks(): number[] {
    return this.messages.flatMap((m) => (m.type === "tick" ? [m.time] : []));
  }

  /** The highest model time seen so far (ticks, events, JOINED). */
  lastTime(): number {
    let t = -Infinity;
    for (const m of this.messages) {
      if (m.type === "tick" || m.type === "joined") t = Math.max(t, m.time);
      else if (m.type === "event") t = Math.max(t, m.event.time);
    }
    return t;
  }

  /** Drops the socket without a close handshake (like a lost network). */
  terminate(): Promise<{ code: number; reason: string }> {
    this.ws.terminate();
    return this.closed;
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    return this.closed;
  }
}
