// Why Session.join failed, as a kind a page can act on (and word for a player) rather than a
// string to pattern-match: the reflector could not be reached, refused this client (full,
// unauthorized, …), or let it in to a session this client cannot decrypt.
import type { ErrorCode } from "../protocol/messages.ts";

export type JoinFailure =
  /** No connection to the reflector could be opened (or no URL to open one). */
  | "unreachable"
  /** The reflector answered with an error (its `code` says which). */
  | "refused"
  /** The session is end-to-end encrypted and this client has a different password. */
  | "wrong-password"
  /** The session is end-to-end encrypted and this client has no password. */
  | "password-required";

export class JoinError extends Error {
  override readonly name = "JoinError";
  constructor(
    readonly reason: JoinFailure,
    message: string,
    /** The reflector's error code, when it refused. */
    readonly code?: ErrorCode,
  ) {
    super(message);
  }
}
