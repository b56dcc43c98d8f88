// One reflector per storage directory. Two reflectors appending to the same session logs would
// interleave records and corrupt them, so the directory gets a lock file (created exclusively,
// holding the owner's pid). A lock whose process is gone (the reflector was SIGKILLed) is stale
// and taken over; one held by another live process refuses the new reflector at once, with a
// clear error. Within one process the lock is handed on instead: Vite builds the new dev
// server (and its embedded reflector) before it closes the old one on a restart, so the second
// holder waits for the first to release (`ready`), and it cannot get connections before then.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

export const LOCK_FILE = "reflector.lock";

export interface DirLock {
  readonly path: string;
  /** Resolves once the lock is this holder's (at once unless an earlier holder in this process still has it). */
  readonly ready: Promise<void>;
  release(): void;
}

/** Per lock path: settles when the last holder (or waiter) in this thread releases it. */
const queue = new Map<string, Promise<void>>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but is someone else's
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Creates the lock file with our pid; throws when a live process holds it. */
function take(dir: string, path: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      let pid = NaN;
      try {
        pid = Number.parseInt(readFileSync(path, "utf8"), 10);
      } catch {
        // vanished or unreadable between the two calls: try again
      }
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new Error(
          `storage directory ${dir} is in use by another reflector (pid ${pid}${pid === process.pid ? ", this process" : ""}): ` +
            `two reflectors on one directory would corrupt its logs. Stop that one, or use another --storage directory ` +
            `(if no reflector runs, delete ${path}).`,
        );
      }
      rmSync(path, { force: true }); // stale: its reflector is gone
      continue;
    }
    try {
      writeSync(fd, String(process.pid));
    } finally {
      closeSync(fd);
    }
    return;
  }
  throw new Error(`storage directory ${dir}: could not take ${path} (another reflector is starting at the same moment?)`);
}

/**
 * Takes the directory's lock (creating the directory). Throws at once when another live
 * process holds it; waits (`ready`) when an earlier holder in this process does.
 */
export function acquireDirLock(dir: string): DirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const before = queue.get(path);
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  queue.set(path, mine);
  let held = false;
  let released = false;
  const claim = () => {
    if (released) return;
    take(dir, path);
    held = true;
  };
  let ready: Promise<void>;
  if (before === undefined) {
    try {
      claim();
    } catch (err) {
      if (queue.get(path) === mine) queue.delete(path);
      done();
      throw err;
    }
    ready = Promise.resolve();
  } else {
    ready = before.then(claim);
    ready.catch(() => undefined); // a waiter nobody awaits must not be an unhandled rejection
  }
  return {
    path,
    ready,
    release() {
      if (released) return;
      released = true;
      if (held) rmSync(path, { force: true });
      if (queue.get(path) === mine) queue.delete(path);
      done();
    },
  };
}
