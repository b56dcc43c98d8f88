// Reflector CLI: `npm run reflector -- --port 8080 --host 127.0.0.1 --tick-ms 50 --storage ./data`.
// Prints `reflector listening on ws://HOST:PORT` once ready; SIGINT/SIGTERM shut it down
// gracefully (exit code 0); SIGUSR2 logs a `reflector stats {…}` line and starts a new period.
import { parseCli, USAGE } from "./main-args.ts";
import type { ReflectorOptions } from "./options.ts";
import { startReflector } from "./server.ts";

async function main(): Promise<void> {
  let options: ReflectorOptions | null;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (!options) {
    console.log(USAGE);
    return;
  }
  // a stray rejected promise is logged, never allowed to take every session down
  process.on("unhandledRejection", (err) => console.error("reflector: unhandled rejection:", err));
  const reflector = await startReflector(options);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1); // a second signal: stop now
    stopping = true;
    console.error(`reflector: ${signal}, shutting down`);
    reflector.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("reflector: shutdown failed:", err);
        process.exit(1);
      },
    );
  };
  // an operator's (or the fan-out bench's) "how is it doing": one stats line, and a new period
  process.on("SIGUSR2", () => console.error(`reflector stats ${JSON.stringify(reflector.stats(true))}`));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  console.log(`reflector listening on ${reflector.url}`);
}

main().catch((err: unknown) => {
  console.error("reflector: failed to start:", err);
  process.exit(1);
});
