// Which entity ids appeared and which disappeared between two ascending id lists (what
// `world.query` returns), in one merge walk with no allocation.

export function diffSorted(
  prev: ArrayLike<number>, next: ArrayLike<number>,
  onEnter: (eid: number) => void, onExit: (eid: number) => void,
): void {
  let i = 0, j = 0;
  const n = prev.length, m = next.length;
  while (i < n && j < m) {
    const a = prev[i]!, b = next[j]!;
    if (a === b) {
      i++;
      j++;
    } else if (a < b) {
      onExit(a);
      i++;
    } else {
      onEnter(b);
      j++;
    }
  }
  for (; i < n; i++) onExit(prev[i]!);
  for (; j < m; j++) onEnter(next[j]!);
}
