// Serves a built site and its reflector from one process on one port:
// `npm run build && npm run serve` (= node --import tsx reflector/src/serve.ts --port 8080).
// Takes every reflector flag (see main-args.ts) plus `--dist DIR` (default dist). Prints
// `serving DIR on http://HOST:PORT (reflector at ws://HOST:PORT/reflector)` once ready;
// SIGINT/SIGTERM shut down gracefully (exit code 0).
import { parseCli, USAGE } from "./main-args.ts";
import type { ReflectorOptions } from "./options.ts";
import { startSiteServer } from "./site-server.ts";

const SERVE_USAGE = `${USAGE.replace("usage: reflector [options]", "usage: serve [options]")}
  --dist DIR                 the built site to serve (default dist; make it with npm run build)
  (the reflector answers on /reflector of the same port; use --host 0.0.0.0 to let phones on your network in)`;

/** `--dist DIR` / `--dist=DIR` out of argv; the rest are reflector flags. */
function takeDist(argv: string[]): { dist: string; rest: string[] } {
  const rest: string[] = [];
  let dist = "dist";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--dist") {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error("--dist needs a directory");
      dist = v;
    } else if (a.startsWith("--dist=")) dist = a.slice("--dist=".length);
    else rest.push(a);
  }
  return { dist, rest };
}

async function main(): Promise<void> {
  let options: ReflectorOptions | null;
  let dist: string;
  try {
    const args = takeDist(process.argv.slice(2));
    dist = args.dist;
    options = parseCli(args.rest);
  } catch (err) {
    console.error(`${(err as Error).message}\n${SERVE_USAGE}`);
    process.exit(2);
  }
  if (!options) {
    console.log(SERVE_USAGE);
    return;
  }
  process.on("unhandledRejection", (err) => console.error("serve: unhandled rejection:", err));
  const site = await startSiteServer({ ...options, dist });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1); // a second signal: stop now
    stopping = true;
    console.error(`serve: ${signal}, shutting down`);
    site.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("serve: shutdown failed:", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  console.log(`serving ${dist} on ${site.url} (reflector at ${site.reflectorUrl})`);
}

main().catch((err: unknown) => {
  console.error(`serve: failed to start: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
