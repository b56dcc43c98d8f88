// One reflector CLI per test file: started before its tests with the file's flags, stopped
// with SIGTERM after them (which must exit 0: a clean shutdown is part of every file's run),
// and every raw client the tests open is dropped first.
import { afterAll, beforeAll, expect } from "vitest";
import { RawClient } from "./raw-client.ts";
import { startCli, type CliReflector } from "./reflector-cli.ts";

export interface CliFixture {
  /** The running reflector (valid inside tests). */
  readonly reflector: CliReflector;
  /** Connects a raw client (not joined yet), closed after the file's tests. */
  connect(): Promise<RawClient>;
  /** Connects and joins a raw client, closed after the file's tests. */
  join(session: string, viewId: string): Promise<RawClient>;
  /** Closes `client` with the others after the file's tests. */
  track(client: RawClient): RawClient;
}

export function useCliReflector(args: string[]): CliFixture {
  let r: CliReflector | null = null;
  const clients: RawClient[] = [];
  const reflector = (): CliReflector => {
    if (!r) throw new Error("the reflector is not running (only inside tests)");
    return r;
  };
  const track = (c: RawClient): RawClient => {
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    r = await startCli(args);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.terminate()));
    if (!r) return;
    const { code } = await r.kill("SIGTERM");
    await r.dispose();
    expect(code).toBe(0);
  });
  return {
    get reflector() {
      return reflector();
    },
    connect: async () => track(await RawClient.connect(reflector().url)),
    join: async (session, viewId) => {
      // tracked before joining, so a refused join's socket is closed too
      const c = track(await RawClient.connect(reflector().url));
      await c.join(session, viewId);
      return c;
    },
    track,
  };
}
