// The load generator's frames: a 32-byte event payload carrying its send time, and a fast
// reader that pulls those send times out of received frames without building message objects
// (the generator must stay cheap next to the server it measures). Anything that is not a plain
// EVENT / TICK / SNAP_REQUEST goes through the real codec (decodeServerFrame).
import { decodeServerFrame, FrameKind } from "../../engine/src/protocol/codec.ts";
import { StreamKind, type ServerMsg } from "../../engine/src/protocol/messages.ts";

export const PAYLOAD_BYTES = 32;
/** "TNDM": marks a payload as one of ours. */
export const PAYLOAD_MAGIC = 0x4d444e54;

/**
 * The machine's monotonic clock in ms, the same in every process: performance.now() and
 * process.hrtime both read CLOCK_MONOTONIC, so their difference is fixed per process. Send
 * times stamped by one generator process can be compared with receive times in another.
 */
const HR_OFFSET = ((): number => {
  // the first call of each may be slow (lazy set-up): bracket hrtime between two performance.now()
  // readings and keep the tightest of a few tries
  let best = Infinity;
  let offset = 0;
  for (let i = 0; i < 20; i++) {
    const before = performance.now();
    const hr = Number(process.hrtime.bigint()) / 1e6;
    const after = performance.now();
    if (after - before < best) {
      best = after - before;
      offset = hr - (before + after) / 2;
    }
  }
  return offset;
})();
export const sharedNow = (): number => performance.now() + HR_OFFSET;

/** payload = f64 sendTime (sharedNow() of the sender), u32 magic, u32 sender, u32 seq, zero padding. */
export function makePayload(sendTime: number, sender: number, seq: number): Uint8Array {
  const b = new Uint8Array(PAYLOAD_BYTES);
  const v = new DataView(b.buffer);
  v.setFloat64(0, sendTime, true);
  v.setUint32(8, PAYLOAD_MAGIC, true);
  v.setUint32(12, sender >>> 0, true);
  v.setUint32(16, seq >>> 0, true);
  return b;
}

/** Send time of a payload at `at`, or NaN when it is not one of ours. */
function sendTimeAt(buf: Buffer, at: number, length: number): number {
  if (length !== PAYLOAD_BYTES || at + PAYLOAD_BYTES > buf.length) return NaN;
  if (buf.readUInt32LE(at + 8) !== PAYLOAD_MAGIC) return NaN;
  return buf.readDoubleLE(at);
}

/** What a frame held besides our events. */
export interface FrameExtras {
  /** Messages that took the slow path (JOINED, ERROR, DESYNC…), decoded by the codec. */
  others: ServerMsg[];
}

/**
 * Calls `onEvent(sendTime)` for every one of our EVENTs in a reflector frame (a batch of server
 * messages). Returns the messages other than EVENT / TICK / SNAP_REQUEST, decoded by the codec.
 */
export function readTandemFrame(buf: Buffer, onEvent: (sendTime: number) => void): FrameExtras {
  const extras: FrameExtras = { others: [] };
  let pos = 0;
  const n = buf.length;
  while (pos < n) {
    const kind = buf[pos]!;
    if (kind === FrameKind.EVENT) {
      // EVENT: u8 kind, u8 streamKind, f64 time, u32 seq, u16 viewIdLen, viewId, u32 payloadLen, payload
      if (pos + 16 > n) break;
      const streamKind = buf[pos + 1]!;
      const vlen = buf.readUInt16LE(pos + 14);
      const lenAt = pos + 16 + vlen;
      if (lenAt + 4 > n) break;
      const plen = buf.readUInt32LE(lenAt);
      if (streamKind === StreamKind.EVENT) {
        const t = sendTimeAt(buf, lenAt + 4, plen);
        if (t === t) onEvent(t);
      }
      pos = lenAt + 4 + plen;
    } else if (kind === FrameKind.TICK) {
      pos += 9;
    } else if (kind === FrameKind.SNAP_REQUEST) {
      pos += 1;
    } else {
      // rare kinds: let the codec read the rest of the frame (it throws on anything malformed)
      for (const m of decodeServerFrame(buf.subarray(pos))) {
        if (m.type === "event") {
          if (m.event.kind === StreamKind.EVENT) {
            const p = Buffer.from(m.event.payload.buffer, m.event.payload.byteOffset, m.event.payload.byteLength);
            const t = sendTimeAt(p, 0, p.length);
            if (t === t) onEvent(t);
          }
        } else if (m.type !== "tick" && m.type !== "snap-request") extras.others.push(m);
      }
      return extras;
    }
  }
  if (pos !== n) throw new Error(`truncated reflector frame (${n} bytes, stopped at ${pos})`);
  return extras;
}

/** The bare relay forwards each client SEND frame unchanged: u8 kind 3, u32 clientSeq, u32 len, payload. */
export function readBareFrame(buf: Buffer, onEvent: (sendTime: number) => void): void {
  if (buf.length < 9 || buf[0] !== FrameKind.SEND) throw new Error(`unexpected bare relay frame (${buf.length} bytes, kind ${buf[0]})`);
  const t = sendTimeAt(buf, 9, buf.readUInt32LE(5));
  if (t === t) onEvent(t);
}

/** The bare relay's answer to a JOIN (it has no JOINED): one byte. */
export const BARE_ACK = Uint8Array.of(0xff);
