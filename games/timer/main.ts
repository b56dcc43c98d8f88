// Timer page: a 60-second countdown shared by everyone in the session.
import { startGame } from "../shared/start.ts";
import { Timer } from "./model.ts";
import { TimerView } from "./view.ts";

void startGame({
  appId: "dev.tandem.timer",
  model: Timer,
  view: TimerView,
  title: "Timer",
  hint: "Press Start — a 60-second countdown that ends at the same moment for everyone.",
});
