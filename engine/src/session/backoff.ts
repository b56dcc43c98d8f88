// Reconnect delays: exponential backoff with full jitter, capped.

export interface BackoffOptions {
  minMs?: number;
  maxMs?: number;
}

export function backoffDelay(attempt: number, opts: BackoffOptions = {}, rand: () => number = Math.random): number {
  const min = opts.minMs ?? 250;
  const max = opts.maxMs ?? 10_000;
  const cap = Math.min(max, min * 2 ** Math.min(attempt, 20));
  return Math.round(min / 2 + rand() * (cap - min / 2));
}
