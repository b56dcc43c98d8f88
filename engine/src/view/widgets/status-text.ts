// What the connection indicator says for each session status, and formats for the stats
// overlay. Pure, so the wording is tested and shared.
import type { SessionStatus } from "../../session/session.ts";

export const STATUS_TEXT: Record<SessionStatus, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  sleeping: "Sleeping",
  left: "Left",
};

/** Label for a status (an unknown one is shown as is, so a new status is never blank). */
export function statusText(status: string): string {
  return (STATUS_TEXT as Record<string, string>)[status] ?? status;
}

/**
 * The indicator's label: the status, or, while connected, that this client's events are
 * waiting (refused for now, or unacknowledged for over a second), with how many when known.
 */
export function indicatorText(status: string, held: boolean, waiting?: number): string {
  if (!held || status !== "connected") return statusText(status);
  if (waiting === undefined || waiting <= 0) return "Connected · events waiting";
  return `Connected · ${waiting} event${waiting === 1 ? "" : "s"} waiting`;
}

/** A number for a small overlay: "–" when unknown, no decimals from 10 up. */
export function formatStat(v: number | undefined, unit = ""): string {
  if (v === undefined || !Number.isFinite(v)) return "–";
  const abs = Math.abs(v);
  const s = abs >= 10 || abs === 0 ? Math.round(v).toString() : v.toFixed(1);
  return unit ? `${s} ${unit}` : s;
}
