// Test support: an in-memory Link that records the frames the reflector sends it.
import { decodeServerFrame } from "../../../engine/src/protocol/codec.ts";
import type { ServerMsg } from "../../../engine/src/protocol/messages.ts";
import type { Link } from "../../src/link.ts";

export class FakeLink implements Link {
  open = true;
  bufferedAmount = 0;
  readonly frames: Uint8Array[] = [];
  closedWith: { code: number; reason: string } | null = null;
  pausedFor = 0;

  constructor(
    readonly id: string,
    readonly address = "127.0.0.1",
  ) {}

  send(frame: Uint8Array): void {
    this.frames.push(frame);
  }
  pause(ms: number): void {
    this.pausedFor += ms;
  }
  close(code: number, reason: string): void {
    this.open = false;
    this.closedWith ??= { code, reason };
  }
  /** Every message received, decoded, in order. */
  messages(): ServerMsg[] {
    return this.frames.flatMap((f) => decodeServerFrame(f));
  }
}
