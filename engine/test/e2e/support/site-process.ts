// End-to-end support: `npm run build` into a temp dir (Vite's build API with the repo's
// config) and `npm run serve` on it as a child process on 127.0.0.1 with an OS-chosen port —
// static files and reflector from one process, one port. The test that starts it stops it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = fileURLToPath(new URL("../../../..", import.meta.url));

/** Builds the site into a new temp dir (removed by the caller) and returns its path. */
export async function buildSite(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), "tandem-e2e-dist-"));
  try {
    await build({ configFile: `${root}vite.config.ts`, root, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  } catch (err) {
    rmSync(outDir, { recursive: true, force: true });
    throw err;
  }
  return outDir;
}

export interface SiteProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  child: ChildProcess;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startSiteProcess(dist: string): Promise<SiteProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "reflector/src/serve.ts", "--host", "127.0.0.1", "--port", "0", "--storage", "memory", "--dist", dist], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start in time:\n${out}\n${stderr}`)), 20_000);
    child.stdout!.on("data", (d) => {
      out += String(d);
      const m = /serving .* on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening:\n${out}\n${stderr}`));
    });
  });
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
