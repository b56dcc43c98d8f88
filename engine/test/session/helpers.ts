// Shared helpers for client↔reflector integration tests.
import { Session, type JoinOptions, type Model } from "tandem";
import { waitFor } from "../support/wait-for.ts";

export async function joinAll<M extends Model>(n: number, opts: JoinOptions<M>): Promise<Session<M>[]> {
  const out: Session<M>[] = [];
  for (let i = 0; i < n; i++) out.push(await Session.join(opts));
  return out;
}

/**
 * Waits until every session has reported a hash for one common (time, seq) at or after
 * `minSeq` events, then returns those hashes — comparing at an agreeing moment, never "after a sleep".
 */
export async function commonHashes(sessions: Session[], minTime = 0, timeoutMs = 15_000): Promise<{ key: string; hashes: string[] }> {
  let found: { key: string; hashes: string[] } | null = null;
  await waitFor(() => {
    const first = sessions[0]!;
    for (const key of [...first.hashLog.keys()].reverse()) {
      if (Number(key.split(":")[0]) < minTime) continue;
      if (sessions.every((s) => s.hashLog.has(key))) {
        found = { key, hashes: sessions.map((s) => s.hashLog.get(key)!) };
        return true;
      }
    }
    return false;
  }, "a common hash point on all clients", timeoutMs);
  return found!;
}

export function modelTime(s: Session): number {
  return s.runtime?.time ?? 0;
}
