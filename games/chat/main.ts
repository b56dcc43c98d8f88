// Chat page: joins with this player's nickname as viewData, so the presence list can show it.
import { nickname } from "../shared/nickname.ts";
import { startGame } from "../shared/start.ts";
import { Chat } from "./model.ts";
import { ChatView } from "./view.ts";

void startGame({
  appId: "dev.tandem.chat",
  model: Chat,
  view: ChatView,
  viewData: { name: nickname() },
  title: "Chat",
  hint: "Type and press Enter. Everyone here sees the same messages, in the same order.",
});
