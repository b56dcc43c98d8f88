// Child processes of the network benches (reflector, bare relay, load generator, a client):
// started with `node --import tsx`, ready once a line matches, always reaped. Every child is
// SIGKILLed when this process exits for any reason (normal exit, error, SIGINT/SIGTERM), so a
// failing bench never leaves servers behind.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root (children run from there so `tsx` finds tsconfig paths). */
export const root = fileURLToPath(new URL("../..", import.meta.url));

const live = new Set<ChildProcess>();
let installed = false;

function killAll(): void {
  for (const c of live) {
    try {
      c.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  live.clear();
}

/** Kills every child on exit; SIGINT/SIGTERM/SIGHUP end this process (after killing them). */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on("exit", killAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      killAll();
      process.exit(sig === "SIGINT" ? 130 : 143);
    });
  }
}

export interface Child {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The match of the `ready` pattern on stdout. */
  readonly ready: RegExpExecArray | null;
  /** Everything the child wrote to stdout / stderr so far (stderr capped to its last 64 KB). */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the child is gone. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the child is gone. */
  stop(graceMs?: number): Promise<number | string>;
}

export interface StartOptions {
  /** Resolve once stdout matches this (default: at once). */
  ready?: RegExp;
  /** Give up (and kill the child) if `ready` has not matched within this long (default 20 s). */
  readyTimeoutMs?: number;
  /** Extra node flags before `--import tsx` (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Modules preloaded after tsx (paths relative to the repo root, e.g. "./bench/load/exit-with-parent.ts"). */
  preload?: string[];
}

const STDERR_CAP = 64 * 1024;

/** Starts `node [nodeArgs] --import tsx <script> ...args` from the repo root. stdin is a pipe:
 * children that read it exit when it closes (so they die with this process even on SIGKILL). */
export async function startNode(script: string, args: readonly string[], opts: StartOptions = {}): Promise<Child> {
  installCleanup();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), "--import", "tsx", ...(opts.preload ?? []).flatMap((p) => ["--import", p]), script, ...args], {
    cwd: root,
    stdio: ["pipe", "pipe", "pipe"],
  });
  live.add(child);
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (d: string) => {
    err += d;
    if (err.length > STDERR_CAP) err = err.slice(-STDERR_CAP);
  });
  child.stdin!.on("error", () => undefined); // EPIPE when the child is already gone
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? "unknown");
    });
  });
  const ready = await new Promise<RegExpExecArray | null>((resolve, reject) => {
    const onData = (d: string) => {
      out += d;
      if (!opts.ready) return;
      const m = opts.ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout!.on("data", onData);
    if (!opts.ready) return resolve(null);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} was not ready within ${opts.readyTimeoutMs ?? 20_000} ms:\n${out}\n${err}`));
    }, opts.readyTimeoutMs ?? 20_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready:\n${out}\n${err}`));
    });
  });
  return {
    child,
    pid: child.pid!,
    ready,
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Preload for processes that do not read stdin themselves (the reflector CLI): exit with the parent. */
export const EXIT_WITH_PARENT = "./bench/load/exit-with-parent.ts";

/** Exits this process when its stdin closes (the parent is gone). For scripts started by startNode. */
export function exitWithParent(onExit: () => void = () => undefined): void {
  process.stdin.on("end", () => {
    onExit();
    process.exit(0);
  });
  process.stdin.on("error", () => undefined);
  process.stdin.resume();
}

/** Last non-empty stdout line parsed as JSON (the report of a child). */
export function lastJsonLine<T>(stdout: string, what: string): T {
  const lines = stdout.trim().split("\n").filter((l) => l.trim().startsWith("{"));
  const last = lines[lines.length - 1];
  if (last === undefined) throw new Error(`${what}: no JSON report on stdout:\n${stdout.slice(-2000)}`);
  return JSON.parse(last) as T;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
