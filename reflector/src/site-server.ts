// One process, one port for a deployed site: serves a built Vite site (dist/) as static files
// and the reflector on /reflector of the same HTTP server (attach.ts). Static serving: correct
// MIME types, `dir/` → `dir/index.html`, `dir` → redirect to `dir/`, long caching only for
// Vite's hashed /assets/, and real 404s — a missing script or image is never answered with
// an HTML page (which would surface as a confusing MIME-type error in the browser).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import type { Duplex } from "node:stream";
import { attachReflector } from "./attach.ts";
import type { ReflectorOptions } from "./options.ts";

export const MIME_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".mp3": "audio/mpeg",
  ".ogg": "audio/ogg",
  ".wav": "audio/wav",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
};

export interface SiteServerOptions extends ReflectorOptions {
  /** Directory of the built site (default "dist"). */
  dist?: string;
  /** URL path of the reflector (default "/reflector"). */
  reflectorPath?: string;
}

export interface SiteServer {
  /** http://host:port */
  readonly url: string;
  /** ws://host:port/reflector */
  readonly reflectorUrl: string;
  readonly port: number;
  readonly server: Server;
  /** Shuts the reflector down gracefully, then the HTTP server. */
  close(): Promise<void>;
}

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not found · Tandem</title>
<style>body{margin:0;min-height:100vh;display:grid;place-items:center;background:#0e1116;color:#e6edf3;
font:15px/1.45 system-ui,sans-serif}main{text-align:center}a{color:#5aa9ff}p{color:#8b949e}</style></head>
<body><main><h1>Nothing here</h1><p>This page does not exist.</p><p><a href="/">Back to the games</a></p></main></body></html>
`;

/** What a request path maps to under `root` (null: outside it or malformed). */
function fileFor(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  const file = resolve(root, `.${path}`);
  return file === root || file.startsWith(root + sep) ? file : null;
}

/** The request handler for the static files of `dist` (exported for tests). */
export function staticHandler(dist: string): (req: IncomingMessage, res: ServerResponse) => void {
  const root = resolve(dist);
  const notFound = (req: IncomingMessage, res: ServerResponse): void => {
    // a page gets a page; anything else (a script, an image, fetch) a plain 404
    const wantsPage = extname(new URL(req.url ?? "/", "http://x").pathname) === "" || (req.headers.accept ?? "").includes("text/html");
    const body = wantsPage ? NOT_FOUND_PAGE : "not found\n";
    res.writeHead(404, {
      "content-type": wantsPage ? MIME_TYPES[".html"]! : MIME_TYPES[".txt"]!,
      "content-length": Buffer.byteLength(body),
      "cache-control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  };

  return (req, res) => {
    void (async () => {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD", "content-length": 0 });
        return res.end();
      }
      const url = new URL(req.url ?? "/", "http://x");
      let file = fileFor(root, url.pathname);
      if (!file) return notFound(req, res);
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        if (!url.pathname.endsWith("/")) {
          // relative URLs in dir/index.html resolve against dir/, not its parent
          res.writeHead(301, { location: `${url.pathname}/${url.search}`, "content-length": 0 });
          return res.end();
        }
        file = join(file, "index.html");
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) return notFound(req, res);
      const type = MIME_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
      const hashed = url.pathname.startsWith("/assets/");
      res.writeHead(200, {
        "content-type": type,
        "content-length": info.size,
        "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
        "last-modified": info.mtime.toUTCString(),
        "x-content-type-options": "nosniff",
      });
      if (req.method === "HEAD") return res.end();
      createReadStream(file)
        .on("error", () => res.destroy())
        .pipe(res);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-length": 0 });
      res.end();
    });
  };
}

export async function startSiteServer(options: SiteServerOptions = {}): Promise<SiteServer> {
  const { dist = "dist", reflectorPath = "/reflector", ...reflectorOptions } = options;
  const info = await stat(dist).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`no built site in ${resolve(dist)} — run \`npm run build\` first`);
  const host = reflectorOptions.host ?? "127.0.0.1";
  const server = createServer(staticHandler(dist));
  const reflector = attachReflector(server, { ...reflectorOptions, path: reflectorPath });
  // no one else takes upgrades here: refuse the ones not for the reflector instead of leaving them hanging
  server.on("upgrade", (req: IncomingMessage, socket: Duplex) => {
    if (new URL(req.url ?? "/", "http://x").pathname !== reflectorPath) socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(reflectorOptions.port ?? 0, host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${port}`,
    reflectorUrl: `ws://${shownHost}:${port}${reflectorPath}`,
    port,
    server,
    close() {
      closing ??= (async () => {
        await reflector.close();
        await new Promise<void>((resolveClose) => {
          server.close(() => resolveClose());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
