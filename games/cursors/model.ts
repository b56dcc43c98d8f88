// Cursors: one shared pointer per connected view, coloured from a palette by the session
// RNG (so every client agrees on the colour), moved by "cursorMove" events.
import { Model } from "tandem";

export const PALETTE = ["#e6194b", "#3cb44b", "#ffe119", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6"] as const;

export interface Cursor {
  x: number;
  y: number;
  color: string;
}

function viewIdOf(payload: string | { viewId: string }): string {
  return typeof payload === "string" ? payload : payload.viewId;
}

export class Cursors extends Model {
  /** Keyed by viewId, in join order. */
  cursors = new Map<string, Cursor>();

  override init() {
    this.subscribe(this.sessionId, "view-join", this.viewJoin);
    this.subscribe(this.sessionId, "view-exit", this.viewExit);
    this.subscribe(this.sessionId, "cursorMove", this.cursorMove);
  }

  viewJoin(payload: string | { viewId: string }) {
    const color = PALETTE[Math.floor(this.random() * PALETTE.length)]!;
    this.cursors.set(viewIdOf(payload), { x: 0, y: 0, color });
    this.publish(this.sessionId, "cursors-changed");
  }

  viewExit(payload: string | { viewId: string }) {
    if (this.cursors.delete(viewIdOf(payload))) this.publish(this.sessionId, "cursors-changed");
  }

  cursorMove(move: { viewId?: unknown; x?: unknown; y?: unknown }) {
    const cursor = typeof move?.viewId === "string" ? this.cursors.get(move.viewId) : undefined;
    // unknown views and non-numbers are ignored (identically on every client)
    if (!cursor || typeof move.x !== "number" || typeof move.y !== "number" || !Number.isFinite(move.x) || !Number.isFinite(move.y)) return;
    cursor.x = move.x;
    cursor.y = move.y;
  }
}
Cursors.register("Cursors");
