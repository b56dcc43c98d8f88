// Which runtime is executing model code right now. Model.create and friends need it,
// and it must be null outside model code so misuse gets a clear error.
import type { Runtime } from "./runtime.ts";

let current: Runtime | null = null;

export function currentRuntime(): Runtime | null {
  return current;
}

export function setCurrentRuntime(rt: Runtime | null): Runtime | null {
  const previous = current;
  current = rt;
  return previous;
}
