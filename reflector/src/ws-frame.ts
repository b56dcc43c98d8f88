// Server→client WebSocket framing done once per batch instead of once per socket. A batch
// that goes to every client of a session is one Uint8Array; framing it here (RFC 6455 §5.2:
// FIN + binary opcode, unmasked, 7/16/64-bit length) gives one Buffer that every socket then
// writes with a single write() — where `ws`'s send() would frame it again per socket and write
// header and payload as two chunks (cork, writev, uncork). On a loopback fan-out the socket
// write is most of the reflector's CPU, so the per-socket JS around it matters.

/** FIN bit + opcode 2 (binary). */
const FIN_BINARY = 0x82;

/** The complete unmasked binary frame carrying `payload`. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const n = payload.length;
  const header = n < 126 ? 2 : n < 0x10000 ? 4 : 10;
  const out = Buffer.allocUnsafe(header + n);
  out[0] = FIN_BINARY;
  if (n < 126) {
    out[1] = n;
  } else if (n < 0x10000) {
    out[1] = 126;
    out.writeUInt16BE(n, 2);
  } else {
    out[1] = 127;
    out.writeUInt32BE(Math.floor(n / 0x100000000), 2);
    out.writeUInt32BE(n >>> 0, 6);
  }
  out.set(payload, header);
  return out;
}

/** Batches up to this size are cached for the next socket; bigger ones (a JOINED with a snapshot) go to one client only. */
const CACHE_LIMIT = 256 * 1024;

/**
 * Frames payloads, remembering the last one: the relay sends the same batch object to every
 * client of a session in a row, so all but the first socket reuse the framed bytes. Keyed by
 * identity: batches are never mutated after encoding.
 */
export class FrameCache {
  private payload: Uint8Array | null = null;
  private frame: Buffer | null = null;

  frameOf(payload: Uint8Array): Buffer {
    if (payload === this.payload && this.frame) return this.frame;
    const frame = binaryFrame(payload);
    if (payload.length <= CACHE_LIMIT) {
      this.payload = payload;
      this.frame = frame;
    } else {
      this.payload = null;
      this.frame = null;
    }
    return frame;
  }
}
