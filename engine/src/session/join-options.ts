// What Session.join accepts, and the states a session goes through.
import type { Model } from "../model/model.ts";
import type { ModelError } from "../model/runtime.ts";
import type { View } from "../view/view.ts";
import type { BackoffOptions } from "./backoff.ts";

export interface JoinOptions<M extends Model> {
  appId: string;
  name: string;
  /**
   * Optional shared secret: every payload (events, viewData, snapshots) is end-to-end
   * encrypted with it (AES-GCM); the reflector never sees it. A wrong one fails the join.
   */
  password?: string;
  model: { prototype: M };
  /** Passed to the root model's init on a fresh session. */
  options?: unknown;
  view?: new (model: M) => View;
  /** ws:// URL; in a browser defaults to this page's host at /reflector. */
  reflector?: string;
  /** Arrives with view-join / view-exit as `{ viewId, viewData }`. */
  viewData?: unknown;
  /** Debug log kinds: session, messages, events, ticks, snapshot, hashes (or "all"). */
  debug?: string | string[];
  /** Heartbeat ticks per second for this session (1..60), set by the client that opens it; default: the reflector's (20). */
  tps?: number;
  /** Seconds a hidden tab stays connected (default 10); false = never sleep. */
  autoSleep?: number | false;
  /** Report a state hash every this many ms of model time (default 5000; 0 = off). */
  hashIntervalMs?: number;
  reconnect?: BackoffOptions;
  onError?: (e: ModelError) => void;
  /** Catch-up progress 0..1 while joining or catching up (views can subscribe only after join resolves). */
  onProgress?: (progress: number) => void;
  /** Reconnect when nothing arrived from the reflector for this long (default 5000 ms; ticks come every 50 ms). */
  silenceMs?: number;
  /** After this client is told it diverged, rebuild its state from the session's (default true). */
  repairDesync?: boolean;
  /**
   * Development check: encode the model before and after view code and report a view that
   * wrote the model, naming what changed (states over 64 KiB: every 10th frame).
   */
  devChecks?: boolean;
}

export type SessionStatus = "connecting" | "connected" | "reconnecting" | "sleeping" | "left";
