// Session identity: appId + name + the hash of the registered model code + the protocol
// version, so clients with different code or protocol never share a world. The password is
// deliberately not part of it: a wrong password must meet the real session and fail to
// decrypt it (a clear error), not silently open an empty one.
import { hashBytes } from "../model/hash.ts";
import { codeHash } from "../model/registry.ts";
import { SNAPSHOT_VERSION } from "../model/snapshot.ts";
import { PROTOCOL_VERSION } from "../protocol/messages.ts";

export function deriveSessionId(appId: string, name: string): string {
  if (!appId || !name) throw new Error("Session.join needs an appId and a session name");
  // the snapshot format version too: a stored snapshot of another format must never be loaded
  const key = [appId, name, codeHash(), `v${PROTOCOL_VERSION}`, `s${SNAPSHOT_VERSION}`].join("\u0000");
  return `${hashBytes(new TextEncoder().encode(key))}`;
}

/** A random view id: local randomness is fine here (this is session code, not model code). */
export function newViewId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
