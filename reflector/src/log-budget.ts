// How many bytes of stamped events the reflector holds for late joiners, per session and in
// all live sessions together, and whether a session may log one more event. A session's log is
// only cut by a snapshot upload, so a session where nobody uploads (only broken or hostile
// clients, or a model whose snapshots are over the upload cap) would otherwise grow the
// reflector's memory until it dies, taking every other session with it.
import type { ReflectorLimits } from "./options.ts";

/**
 * Past the total limit a session is refused only above this share at least, however many
 * (possibly empty) sessions there are: many cheap sessions cannot push the equal share of
 * healthy ones towards zero.
 */
export const MIN_SHARE_BYTES = 1024 * 1024;

export class LogBudget {
  /** Bytes held by every live session that reports to this budget. */
  total = 0;
  /** Live sessions that report to it (for the equal share). */
  sessions = 0;

  constructor(private readonly limits: Pick<ReflectorLimits, "maxLogBytes" | "maxTotalLogBytes">) {}

  /** Why a session holding `bytes` may not log another client event, or null when it may. */
  refusal(bytes: number): string | null {
    const { maxLogBytes, maxTotalLogBytes } = this.limits;
    if (maxLogBytes > 0 && bytes >= maxLogBytes) {
      return `session backlog full: ${bytes} bytes of events since the last snapshot (limit ${maxLogBytes}); events are refused until a client uploads a snapshot`;
    }
    if (maxTotalLogBytes > 0 && this.total >= maxTotalLogBytes) {
      const share = Math.max(MIN_SHARE_BYTES, maxTotalLogBytes / Math.max(1, this.sessions));
      if (bytes >= share) {
        return `reflector backlog full: ${this.total} bytes held by ${this.sessions} sessions (limit ${maxTotalLogBytes}), this one holds ${bytes}, over its share of ${Math.floor(share)}; events are refused until a client uploads a snapshot`;
      }
    }
    return null;
  }
}

/** Whom to ask for a snapshot while a session's backlog is full. */
export type SnapshotAsk = "elected" | "everyone" | null;

/**
 * One session's part of a LogBudget: its log's size as last reported, and when it last asked
 * clients for a snapshot because the log was full — once per interval, first the elected
 * client (one upload is enough, and N uploads of a big world at once would be the memory spike
 * the budget is there to prevent), then, if that one let a whole interval pass, everyone. A cut
 * of the log starts over.
 */
export class SessionBacklog {
  private bytes = 0;
  private lastAsk = -Infinity;
  private asks = 0;
  private lastAdmit = -Infinity;
  private open = true;

  constructor(
    private readonly budget: LogBudget,
    private readonly intervalMs: number,
  ) {
    budget.sessions++;
  }

  /** The session's log now holds `bytes`. */
  update(bytes: number): void {
    if (!this.open) return;
    if (bytes < this.bytes) {
      // cut by a snapshot: if it fills up again before the next interval, ask again at once
      this.lastAsk = -Infinity;
      this.asks = 0;
    }
    this.budget.total += bytes - this.bytes;
    this.bytes = bytes;
  }

  /** Why a client event (or a new view's join) must be refused at `now`, and whom to ask for a snapshot; null when it may go on. */
  check(now: number): { why: string; ask: SnapshotAsk } | null {
    const why = this.budget.refusal(this.bytes);
    if (why === null) return null;
    if (now - this.lastAsk < this.intervalMs) return { why, ask: null };
    this.lastAsk = now;
    return { why, ask: this.asks++ > 0 ? "everyone" : "elected" };
  }

  /**
   * Whether a new view may join the full session at `now`: one per interval. Joining and
   * leaving in a loop would otherwise grow the log (each view-join and view-exit stamps the
   * view's data) as SENDs no longer can; but refusing every new view would leave a session
   * whose members all left, or never upload, with nobody who could ever upload a snapshot.
   */
  admitNewView(now: number): boolean {
    if (now - this.lastAdmit < this.intervalMs) return false;
    this.lastAdmit = now;
    return true;
  }

  /** The session is closing: its bytes leave the budget. */
  release(): void {
    if (!this.open) return;
    this.open = false;
    this.budget.total -= this.bytes;
    this.bytes = 0;
    this.budget.sessions--;
  }
}
