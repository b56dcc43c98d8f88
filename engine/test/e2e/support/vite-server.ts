// End-to-end support: the repo's Vite dev server started programmatically on 127.0.0.1 with an
// OS-chosen port ("e2e" mode: the embedded reflector keeps sessions in memory). No HMR and no
// file watching, so other people editing files cannot reload a page mid-test. The test that
// starts it closes it.
import { fileURLToPath } from "node:url";
import { createServer, type ViteDevServer } from "vite";

const root = fileURLToPath(new URL("../../../..", import.meta.url));

export interface DevServer {
  /** http://127.0.0.1:PORT (no trailing slash) */
  readonly url: string;
  /** The reflector embedded in the dev server (ws://127.0.0.1:PORT/reflector). */
  readonly reflectorUrl: string;
  readonly vite: ViteDevServer;
  close(): Promise<void>;
}

/** `cacheName` keeps each test file's pre-bundled deps apart (files run in parallel). */
export async function startDevServer(cacheName: string): Promise<DevServer> {
  const vite = await createServer({
    configFile: `${root}vite.config.ts`,
    root,
    mode: "e2e",
    logLevel: "warn",
    clearScreen: false,
    cacheDir: `${root}node_modules/.vite-e2e/${cacheName}`,
    server: { host: "127.0.0.1", port: 0, strictPort: true, hmr: false, watch: null, open: false },
  });
  try {
    await vite.listen();
  } catch (err) {
    await vite.close();
    throw err;
  }
  const address = vite.httpServer?.address();
  if (!address || typeof address !== "object") {
    await vite.close();
    throw new Error("vite dev server has no address");
  }
  const url = `http://127.0.0.1:${address.port}`;
  return { url, reflectorUrl: `ws://127.0.0.1:${address.port}/reflector`, vite, close: () => vite.close() };
}
