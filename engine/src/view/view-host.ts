// What views see of their session, and which session is building views right now.

export interface ViewHost {
  readonly id: string;
  readonly viewId: string;
  readonly connected: boolean;
  publish(scope: string, event: string, data?: unknown): void;
  addViewSubscription(scope: string, event: string, fn: (data: unknown) => void): void;
  removeViewSubscription(scope: string, event: string, fn: (data: unknown) => void): void;
}

let building: ViewHost | null = null;

export function currentViewHost(): ViewHost | null {
  return building;
}

/** Runs `fn` with `host` as the session that views constructed inside it belong to. */
export function withViewHost<T>(host: ViewHost, fn: () => T): T {
  const prev = building;
  building = host;
  try {
    return fn();
  } finally {
    building = prev;
  }
}
