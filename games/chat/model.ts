// Chat: shared message list and presence. Message ids come from the session RNG and
// timestamps from model time, so every client shows the same ids and times.
import { Model } from "tandem";

export interface ChatMessage {
  id: string;
  from: string;
  text: string;
  /** Model time in ms when the message was posted. */
  time: number;
}

export const MAX_MESSAGES = 100;
export const MAX_TEXT = 500;
export const MAX_NAME = 40;

/** view-join / view-exit carry the viewId, or `{ viewId, viewData }` when the view gave data. */
function viewIdOf(payload: string | { viewId: string }): string {
  return typeof payload === "string" ? payload : payload.viewId;
}

export class Chat extends Model {
  messages: ChatMessage[] = [];
  /** viewIds of the connected views, in join order. */
  present: string[] = [];

  override init() {
    this.subscribe(this.sessionId, "post", this.post);
    this.subscribe(this.sessionId, "view-join", this.viewJoin);
    this.subscribe(this.sessionId, "view-exit", this.viewExit);
  }

  post(msg: { text?: unknown; from?: unknown }) {
    // payloads come from any client: ignore malformed ones the same way everywhere
    if (typeof msg?.text !== "string" || typeof msg.from !== "string") return;
    // an integer's base-36 form is exact in every engine (a fraction's is not)
    const id = Math.floor(this.random() * 36 ** 8).toString(36).padStart(8, "0");
    this.messages.push({ id, from: msg.from.slice(0, MAX_NAME), text: msg.text.slice(0, MAX_TEXT), time: this.now() });
    if (this.messages.length > MAX_MESSAGES) this.messages.splice(0, this.messages.length - MAX_MESSAGES);
    this.publish(this.sessionId, "messages-changed");
  }

  viewJoin(payload: string | { viewId: string }) {
    const viewId = viewIdOf(payload);
    if (!this.present.includes(viewId)) this.present.push(viewId);
    this.publish(this.sessionId, "presence-changed");
  }

  viewExit(payload: string | { viewId: string }) {
    const viewId = viewIdOf(payload);
    this.present = this.present.filter((v) => v !== viewId);
    this.publish(this.sessionId, "presence-changed");
  }
}
Chat.register("Chat");
