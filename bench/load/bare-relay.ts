// Baseline for the fan-out bench: a bare `ws` broadcast relay. A client's first frame is a
// JOIN (decoded with the codec, once, for its session id = room); it gets a one-byte ack. Every
// later frame is forwarded unchanged to every client of the room, sender included, each as its
// own frame: no stamping, no storage, no batching, no limits but one: like the reflector, a
// client whose unsent backlog passes 8 MB is dropped, so an overloaded run stays bounded.
// Prints `bare relay listening on ws://127.0.0.1:PORT`; exits when stdin closes or on SIGTERM.
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { decodeClientMsg } from "../../engine/src/protocol/codec.ts";
import { BARE_ACK } from "./frames.ts";
import { exitWithParent } from "./processes.ts";

const MAX_BUFFERED = 8 * 1024 * 1024;

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return data;
}

const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false, clientTracking: false, maxPayload: 1024 * 1024 });

wss.on("connection", (ws) => {
  let room: Set<WebSocket> | null = null;
  ws.on("error", () => undefined);
  ws.on("message", (raw, isBinary) => {
    const data = toBuffer(raw);
    if (!room) {
      let sessionId: string;
      try {
        const msg = decodeClientMsg(data);
        if (msg.type !== "join") throw new Error(`first frame was ${msg.type}, not join`);
        sessionId = msg.sessionId;
      } catch {
        ws.terminate();
        return;
      }
      room = rooms.get(sessionId) ?? new Set();
      rooms.set(sessionId, room);
      room.add(ws);
      ws.send(BARE_ACK, { binary: true });
      return;
    }
    for (const peer of room) {
      if (peer.readyState !== WebSocket.OPEN) continue;
      peer.send(data, { binary: isBinary });
      if (peer.bufferedAmount > MAX_BUFFERED) peer.terminate();
    }
  });
  ws.once("close", () => {
    if (!room) return;
    room.delete(ws);
    if (room.size === 0) for (const [id, r] of rooms) if (r === room) rooms.delete(id);
  });
});

wss.once("listening", () => {
  const address = wss.address();
  const port = typeof address === "object" && address ? address.port : 0;
  console.log(`bare relay listening on ws://127.0.0.1:${port}`);
});

const stop = () => process.exit(0);
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
exitWithParent();
