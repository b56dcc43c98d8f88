// A minimal WebSocket for both runtimes: the browser's native one, or the `ws` package in Node
// (Node 20 has no global WebSocket). Only binary frames are used.

export interface Socket {
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onmessage: ((data: Uint8Array) => void) | null;
  onclose: ((code: number, reason: string) => void) | null;
  /** Bytes queued but not yet sent (for backpressure decisions). */
  readonly bufferedAmount: number;
}

type AnyWebSocket = {
  binaryType: string;
  bufferedAmount: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
};
type WebSocketCtor = new (url: string) => AnyWebSocket;

async function webSocketClass(): Promise<WebSocketCtor> {
  const g = globalThis as { WebSocket?: WebSocketCtor };
  if (g.WebSocket) return g.WebSocket;
  const name = "ws"; // a variable keeps bundlers from pulling `ws` into browser builds
  const mod = (await import(/* @vite-ignore */ name)) as { WebSocket: WebSocketCtor };
  return mod.WebSocket;
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) {
    // `ws` may deliver fragmented messages as a list of Buffers
    const parts = data as Uint8Array[];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }
  throw new TypeError("unexpected WebSocket message type (text frames are not part of the protocol)");
}

/** Opens a binary WebSocket; rejects if it closes or errors before opening. */
export async function openSocket(url: string): Promise<Socket> {
  const Ctor = await webSocketClass();
  return new Promise((resolve, reject) => {
    const ws = new Ctor(url);
    ws.binaryType = "arraybuffer";
    let opened = false;
    const socket: Socket = {
      send: (data) => ws.send(data),
      close: (code, reason) => ws.close(code, reason),
      onmessage: null,
      onclose: null,
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
    };
    ws.onopen = () => {
      opened = true;
      resolve(socket);
    };
    ws.onmessage = (ev) => socket.onmessage?.(toBytes(ev.data));
    ws.onerror = () => {
      if (!opened) reject(new Error(`cannot connect to reflector at ${url}`));
    };
    ws.onclose = (ev) => {
      if (!opened) reject(new Error(`cannot connect to reflector at ${url} (closed ${ev.code} ${ev.reason})`));
      else socket.onclose?.(ev.code, ev.reason);
    };
  });
}
