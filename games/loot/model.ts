// Loot: opening chests rolls rarities with the session RNG, so every client sees the same
// drops. Keeps counts per rarity and a bounded history; one event may open many chests.
import { Model } from "tandem";

export type Rarity = "legendary" | "rare" | "common";

export interface Drop {
  /** Ordinal of the chest in the session (1-based). */
  n: number;
  roll: number;
  rarity: Rarity;
  by: string;
  time: number;
}

export const HISTORY = 100;
/** Most chests one event may open (bounds the work a single client can cause). */
export const MAX_PER_EVENT = 100_000;

export function rarityOf(roll: number): Rarity {
  return roll < 0.1 ? "legendary" : roll < 0.3 ? "rare" : "common";
}

export class Loot extends Model {
  counts: Record<Rarity, number> = { legendary: 0, rare: 0, common: 0 };
  opened = 0;
  /** The last HISTORY drops, oldest first. */
  history: Drop[] = [];

  override init() {
    this.subscribe(this.sessionId, "open-chest", this.openChest);
  }

  openChest(req?: { count?: unknown; by?: unknown }) {
    const wanted = typeof req?.count === "number" && Number.isFinite(req.count) ? Math.floor(req.count) : 1;
    const count = Math.max(1, Math.min(MAX_PER_EVENT, wanted));
    const by = typeof req?.by === "string" ? req.by : "";
    const drops: Drop[] = [];
    for (let i = 0; i < count; i++) {
      const roll = this.random();
      const rarity = rarityOf(roll);
      this.counts[rarity] += 1;
      this.opened += 1;
      if (count - i <= HISTORY) drops.push({ n: this.opened, roll, rarity, by, time: this.now() });
    }
    this.history.push(...drops);
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    this.publish(this.sessionId, "looted", drops);
  }
}
Loot.register("Loot");
