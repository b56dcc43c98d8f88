// Attach mode: a reflector living on one path of an existing Node HTTP server (the Vite dev
// server, or serve.ts's static server), so a page and its reflector share one origin and one
// port. Upgrades on other paths are left to the server's other listeners (e.g. Vite's HMR).
// Same sessions, limits and shutdown as startReflector: both go through server.ts.
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { ReflectorOptions } from "./options.ts";
import { createReflectorEndpoint } from "./server.ts";

export interface AttachOptions extends Omit<ReflectorOptions, "port" | "host"> {
  /** URL path the reflector answers on (default "/reflector"); the query string is ignored. */
  path?: string;
}

export interface AttachedReflector {
  readonly path: string;
  /**
   * Stops taking upgrades and shuts the reflector down gracefully (clients get ERROR SHUTDOWN,
   * storage is flushed). Leaves the HTTP server itself alone: its owner closes it, after this.
   */
  close(): Promise<void>;
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const q = url.search(/[?#]/);
  return q < 0 ? url : url.slice(0, q);
}

export function attachReflector(server: Server, options: AttachOptions = {}): AttachedReflector {
  const { path = "/reflector", ...reflectorOptions } = options;
  if (!path.startsWith("/")) throw new Error(`attachReflector: path must start with "/", got ${JSON.stringify(path)}`);
  const endpoint = createReflectorEndpoint(reflectorOptions);
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (pathOf(req) === path) endpoint.handleUpgrade(req, socket, head);
  };
  server.on("upgrade", onUpgrade);
  let closing: Promise<void> | null = null;
  return {
    path,
    close() {
      // upgrades arriving while it shuts down are refused (503), not left hanging
      closing ??= endpoint.close().finally(() => server.off("upgrade", onUpgrade));
      return closing;
    },
  };
}
