// CPU time of another process (user + system) from /proc/<pid>/stat, in seconds. Linux only;
// the resolution is one clock tick (`getconf CLK_TCK`, usually 100 per second = 10 ms).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

let ticksPerSecond: number | null = null;

/** `getconf CLK_TCK` (100 when it cannot be read). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === null) {
    try {
      const n = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
      ticksPerSecond = Number.isFinite(n) && n > 0 ? n : 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of `pid` in seconds. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // fields after "(comm)": state is field 3, utime field 14, stime field 15 (1-based)
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`cannot read CPU time of pid ${pid} from /proc/${pid}/stat`);
  return (utime + stime) / clockTicksPerSecond();
}
