// Counter page: joins the session from the URL and shows the shared count.
import { startGame } from "../shared/start.ts";
import { Counter } from "./model.ts";
import { CounterView } from "./view.ts";

void startGame({
  appId: "dev.tandem.counter",
  model: Counter,
  view: CounterView,
  title: "Counter",
  hint: "Press +1 — everyone in the session sees the same number.",
});
