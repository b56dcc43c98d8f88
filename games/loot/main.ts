// Loot page: the player's nickname is sent with each opening, so the history says who got what.
import { startGame } from "../shared/start.ts";
import { Loot } from "./model.ts";
import { LootView } from "./view.ts";

void startGame({
  appId: "dev.tandem.loot",
  model: Loot,
  view: LootView,
  title: "Loot",
  hint: "Open chests — every player sees the same rolls, rolled by the shared random generator.",
});
