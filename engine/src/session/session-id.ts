// Session identity: appId + name + password + the hash of the registered model code +
// the protocol version, so clients with different code or protocol never share a world.
import { hashBytes } from "../model/hash.ts";
import { codeHash } from "../model/registry.ts";
import { PROTOCOL_VERSION } from "../protocol/messages.ts";

export function deriveSessionId(appId: string, name: string, password = ""): string {
  if (!appId || !name) throw new Error("Session.join needs an appId and a session name");
  // The password is folded in (hashed, never sent) so two groups using one name with
  // different passwords get separate sessions.
  const pw = password ? hashBytes(new TextEncoder().encode(`pw\u0000${password}`)) : "";
  const key = [appId, name, pw, codeHash(), `v${PROTOCOL_VERSION}`].join("\u0000");
  return `${hashBytes(new TextEncoder().encode(key))}`;
}

/** A random view id: local randomness is fine here (this is session code, not model code). */
export function newViewId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
