// End-to-end encryption of payloads with the session password: AES-GCM (WebCrypto, in
// browsers and Node) with a key derived by PBKDF2 from the password, salted with the
// session id. The reflector only ever sees ciphertext; it never learns the password.

const MARK = 0xe1; // first byte of an encrypted payload
const IV_BYTES = 12;
const ITERATIONS = 100_000;
/** Bytes encryption adds to a payload: the mark, the iv and the GCM tag. */
export const SEAL_OVERHEAD = 1 + IV_BYTES + 16;

/** Whether bytes have the shape of an encrypted payload (mark, iv, at least a GCM tag). */
export function isSealed(data: Uint8Array): boolean {
  return data.length >= 1 + IV_BYTES + 16 && data[0] === MARK;
}

export class WrongPasswordError extends Error {
  constructor(what: string) {
    super(`cannot decrypt ${what}: wrong session password (or a client without the password sent it)`);
    this.name = "WrongPasswordError";
  }
}

export interface Cipher {
  encrypt(plain: Uint8Array): Promise<Uint8Array>;
  /** Throws WrongPasswordError when the bytes are not ours. */
  decrypt(data: Uint8Array, what: string): Promise<Uint8Array>;
}

export async function createCipher(password: string, salt: string): Promise<Cipher> {
  const subtle = globalThis.crypto.subtle;
  const enc = new TextEncoder();
  const base = await subtle.importKey("raw", enc.encode(password), "PBKDF2", false, ["deriveKey"]);
  const key = await subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt: enc.encode(`tandem:${salt}`), iterations: ITERATIONS },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
  return {
    async encrypt(plain) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const ct = new Uint8Array(await subtle.encrypt({ name: "AES-GCM", iv }, key, plain as Uint8Array<ArrayBuffer>));
      const out = new Uint8Array(1 + IV_BYTES + ct.length);
      out[0] = MARK;
      out.set(iv, 1);
      out.set(ct, 1 + IV_BYTES);
      return out;
    },
    async decrypt(data, what) {
      if (!isSealed(data)) throw new WrongPasswordError(what);
      try {
        const plain = await subtle.decrypt({ name: "AES-GCM", iv: data.subarray(1, 1 + IV_BYTES) as Uint8Array<ArrayBuffer> }, key, data.subarray(1 + IV_BYTES) as Uint8Array<ArrayBuffer>);
        return new Uint8Array(plain);
      } catch {
        throw new WrongPasswordError(what);
      }
    },
  };
}
