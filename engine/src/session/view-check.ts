// Development check that views never write the model: the state is encoded before and after
// view code runs, and a difference is described by the first field it touches.
import { describeDifference } from "../model/diff.ts";
import type { Runtime } from "../model/runtime.ts";
import { decodeSnapshot, encodeSnapshot } from "../model/snapshot.ts";

/** Returns a checker: runs `fn` and returns what it changed in the model, or null. */
export function createViewWriteCheck(): (rt: Runtime, fn: () => void) => string | null {
  let skip = 0;
  return (rt, fn) => {
    // Big states (a 10k-entity world: ~20 ms a frame in a dev page) are checked every 10th
    // time so development stays fluid; small ones always. By size, not by measured time, so
    // what gets checked never depends on machine load.
    if (skip-- > 0) {
      fn();
      return null;
    }
    const before = encodeSnapshot(rt);
    fn();
    const after = encodeSnapshot(rt);
    skip = before.length > 64 * 1024 ? 9 : 0;
    if (before.length === after.length && before.every((b, i) => b === after[i])) return null;
    return describeDifference(decodeSnapshot(before), rt) ?? "state bytes";
  };
}
