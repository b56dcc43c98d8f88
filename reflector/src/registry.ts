// The live sessions of a reflector: one SessionHost per session id, loaded from storage on
// first join, unloaded when idle (a later join waits for the unload, then loads it again).
import { LogBudget } from "./log-budget.ts";
import type { ResolvedOptions } from "./options.ts";
import { SessionHost } from "./session-host.ts";
import type { RelayStats } from "./stats.ts";
import type { Storage } from "./storage/types.ts";

export class Registry {
  private readonly hosts = new Map<string, SessionHost>();
  private readonly loading = new Map<string, Promise<SessionHost>>();
  private readonly closing = new Map<string, Promise<void>>();
  /** Bytes of stamped events held by the live sessions, against the limits. */
  readonly budget: LogBudget;

  constructor(
    private readonly storage: Storage,
    private readonly opts: ResolvedOptions,
    private readonly clock: () => number,
    /** Counters every session adds to (events, frames, residence), if kept. */
    private readonly stats?: RelayStats,
  ) {
    this.budget = new LogBudget(opts.limits);
  }

  /** Live sessions (for the heartbeat). */
  active(): IterableIterator<SessionHost> {
    return this.hosts.values();
  }

  get size(): number {
    return this.hosts.size;
  }

  /** The live host of a session, loading it (after any unload in progress) if needed. */
  /** `tps`: heartbeat rate asked for by the client that opens (or reloads) the session. */
  get(id: string, tps?: number): Promise<SessionHost> {
    const host = this.hosts.get(id);
    if (host) return Promise.resolve(host);
    let p = this.loading.get(id);
    if (!p) {
      p = this.load(id, tps);
      this.loading.set(id, p);
      const done = () => {
        if (this.loading.get(id) === p) this.loading.delete(id);
      };
      p.then(done, done);
    }
    return p;
  }

  /** Unloads every session (shutdown): clients get ERROR SHUTDOWN, storage is flushed. */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.loading.values()]);
    const all = [...this.hosts.values()];
    this.hosts.clear();
    await Promise.allSettled([...all.map((h) => h.close(true)), ...this.closing.values()]);
    await this.storage.close();
  }

  private async load(id: string, tps?: number): Promise<SessionHost> {
    await this.closing.get(id);
    const store = await this.storage.open(id);
    let host: SessionHost;
    try {
      host = await SessionHost.open(id, this.opts, store, { onIdle: (h) => this.unload(h), onFailed: (h) => this.unload(h), budget: this.budget, ...(this.stats ? { stats: this.stats } : {}) }, this.clock, tps);
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
    this.hosts.set(id, host);
    return host;
  }

  private unload(host: SessionHost): void {
    if (this.hosts.get(host.id) !== host) return;
    this.hosts.delete(host.id);
    const p = host.close(false).catch((err: unknown) => this.opts.log(`session ${JSON.stringify(host.id)}: unload failed: ${String(err)}`));
    this.closing.set(host.id, p);
    void p.then(() => {
      if (this.closing.get(host.id) === p) this.closing.delete(host.id);
    });
  }
}
