// Applies a Cipher to the opaque payloads of protocol messages: outgoing SEND payloads,
// viewData and snapshot uploads are encrypted; incoming stamped payloads and snapshots are
// decrypted before the controller sees them.
import type { ClientMsg, ServerMsg, Stamped } from "../protocol/messages.ts";
import { isSealed, WrongPasswordError, type Cipher } from "./cipher.ts";

export async function encryptClientMsg(cipher: Cipher, msg: ClientMsg): Promise<ClientMsg> {
  switch (msg.type) {
    case "send":
      return { ...msg, payload: await cipher.encrypt(msg.payload) };
    case "snap-upload":
      return { ...msg, snapshot: { ...msg.snapshot, data: await cipher.encrypt(msg.snapshot.data) } };
    case "join":
      return msg.viewData.length === 0 ? msg : { ...msg, viewData: await cipher.encrypt(msg.viewData) };
    default:
      return msg;
  }
}

/**
 * An event nobody with the password could have sent (a client without it, or a wrong one)
 * becomes an empty payload: every client then records the same "malformed event" error and
 * goes on, so one bad client never stalls or splits the session.
 */
async function decryptStamped(cipher: Cipher, e: Stamped, onBad: (err: WrongPasswordError) => void): Promise<Stamped> {
  if (e.payload.length === 0) return e;
  try {
    return { ...e, payload: await cipher.decrypt(e.payload, `an event from ${e.viewId}`) };
  } catch (err) {
    if (!(err instanceof WrongPasswordError)) throw err;
    onBad(err);
    return { ...e, payload: new Uint8Array(0) };
  }
}

/**
 * Decrypts a frame's messages. A snapshot we cannot decrypt, or a JOINED whose every event
 * from other views fails to decrypt, throws WrongPasswordError (our own join always decrypts).
 */
export async function decryptServerMsgs(cipher: Cipher, msgs: ServerMsg[], ownViewId: string, onBad: (err: WrongPasswordError) => void): Promise<ServerMsg[]> {
  const out: ServerMsg[] = [];
  for (const msg of msgs) {
    if (msg.type === "event") out.push({ ...msg, event: await decryptStamped(cipher, msg.event, onBad) });
    else if (msg.type === "joined") {
      const snapshot = msg.snapshot && { ...msg.snapshot, data: await cipher.decrypt(msg.snapshot.data, "the session snapshot") };
      const events: Stamped[] = [];
      let others = 0, bad = 0;
      for (const e of msg.events) {
        const mine = e.viewId === ownViewId;
        if (!mine && e.payload.length > 0) others++;
        events.push(await decryptStamped(cipher, e, () => { if (!mine) bad++; }));
      }
      if (!snapshot && others > 0 && bad === others) throw new WrongPasswordError("the session's events");
      out.push({ ...msg, snapshot, events });
    } else out.push(msg);
  }
  return out;
}

/** A JOINED carrying encrypted payloads: the session has a password this client lacks. */
export function isSealedJoined(msg: ServerMsg): boolean {
  if (msg.type !== "joined") return false;
  return (msg.snapshot !== null && isSealed(msg.snapshot.data)) || msg.events.some((e) => isSealed(e.payload));
}
