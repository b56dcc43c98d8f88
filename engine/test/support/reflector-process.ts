// Starts the real reflector CLI as a child process on 127.0.0.1 with an OS-chosen port,
// for integration tests. The test that starts it stops it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));

export interface ReflectorProcess {
  url: string;
  port: number;
  storage: string;
  child: ChildProcess;
  /** SIGKILL, resolved when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, resolved with the exit code; removes the storage directory if this helper made it. */
  stop(): Promise<number | null>;
}

export async function startReflectorProcess(opts: { storage?: string; port?: number; args?: string[] } = {}): Promise<ReflectorProcess> {
  const ownStorage = opts.storage === undefined;
  const storage = opts.storage ?? mkdtempSync(join(tmpdir(), "tandem-reflector-"));
  const child = spawn(process.execPath, ["--import", "tsx", "reflector/src/main.ts", "--host", "127.0.0.1", "--port", String(opts.port ?? 0), "--storage", storage, ...(opts.args ?? [])], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`reflector did not start in time:\n${out}\n${stderr}`)), 20_000);
    child.stdout!.on("data", (d) => {
      out += String(d);
      const m = /listening on (ws:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`reflector exited with ${code} before listening:\n${out}\n${stderr}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    url,
    port: Number(new URL(url).port),
    storage,
    child,
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      child.kill("SIGTERM");
      const code = await exited;
      if (ownStorage) rmSync(storage, { recursive: true, force: true });
      return code;
    },
  };
}
