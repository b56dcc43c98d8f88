// Test support: runs the reflector CLI (reflector/src/main.ts) as a child process on
// 127.0.0.1 with an OS-chosen port, parsed from its "listening on" line.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));

export interface CliReflector {
  url: string;
  port: number;
  storage: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code and signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process if it still runs and deletes the storage directory. */
  dispose(): Promise<void>;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "tandem-reflector-test-"));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function startCli(args: string[] = [], storage = tempDir()): Promise<CliReflector> {
  const child = spawn(process.execPath, ["--import", "tsx", "reflector/src/main.ts", "--host", "127.0.0.1", "--port", "0", "--storage", storage, ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d) => (err += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`reflector did not start:\n${out}\n${err}`)), 20_000);
    child.stdout!.on("data", (d) => {
      out += String(d);
      const m = /^reflector listening on (ws:\/\/\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`reflector exited (${code}) before listening:\n${out}\n${err}`));
    });
  });
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    url,
    port: Number(new URL(url).port),
    storage,
    child,
    stderr: () => err,
    exited,
    kill,
    async dispose() {
      await kill("SIGKILL");
      if (storage !== "memory") removeDir(storage);
    },
  };
}
