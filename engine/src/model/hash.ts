// Fast 64-bit (two 32-bit lanes) hash of state bytes, for tests and desync detection.
// Not cryptographic: it only needs to make accidental divergence visible.

/** Hashes bytes to a 16-hex-digit string. Processes 4 bytes at a time where aligned. */
export function hashBytes(data: Uint8Array): string {
  let h1 = 0x9e3779b9 ^ data.length;
  let h2 = 0x85ebca6b ^ data.length;
  const words = data.length >>> 2;
  const u32 = data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, words) : null;
  const view = u32 ? null : new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < words; i++) {
    let k = u32 ? u32[i]! : view!.getUint32(i * 4, true);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = Math.imul(h2 ^ k, 0x27d4eb2f);
    h2 = (h2 << 11) | (h2 >>> 21);
  }
  for (let i = words * 4; i < data.length; i++) {
    h1 = Math.imul(h1 ^ data[i]!, 0x01000193);
    h2 = Math.imul(h2 ^ data[i]!, 0x5bd1e995);
  }
  h1 ^= h2 >>> 7;
  h2 ^= h1 >>> 11;
  h1 = fmix(h1);
  h2 = fmix(h2);
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
