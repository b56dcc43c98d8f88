// The one state hash every client of a scripted headless session holds after a step, or an
// error naming the step and every hash when they disagree (the game scripts' per-step check).
// No DOM, no node:*: the scripts run in Node and in Chromium.

export function agreedHash(session: { hashes(): string[] }, script: string, step: number): string {
  const all = session.hashes();
  if (all.some((h) => h !== all[0])) throw new Error(`${script} script: clients disagree after step ${step}: ${all.join(" ")}`);
  return all[0]!;
}
