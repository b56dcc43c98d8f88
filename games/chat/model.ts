// Chat: shared message list and presence, with nicknames from view-join's viewData or
// "rename". Message ids come from the session RNG and timestamps from model time, so
// every client shows the same ids and times.
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

/** The nickname a view joined with: viewData `{ name }` (anything else: none). */
function joinNameOf(payload: string | { viewId: string; viewData?: unknown }): string | undefined {
  const data = typeof payload === "string" ? undefined : payload.viewData;
  const name = (data as { name?: unknown } | null | undefined)?.name;
  return typeof name === "string" && name !== "" ? name.slice(0, MAX_NAME) : undefined;
}

export class Chat extends Model {
  messages: ChatMessage[] = [];
  /** viewIds of the connected views, in join order. */
  present: string[] = [];
  /** Nicknames of present views that gave one (view-join's viewData `{ name }`, or "rename"). */
  names = new Map<string, string>();

  override init() {
    this.subscribe(this.sessionId, "post", this.post);
    this.subscribe(this.sessionId, "view-join", this.viewJoin);
    this.subscribe(this.sessionId, "view-exit", this.viewExit);
    this.subscribe(this.sessionId, "rename", this.rename);
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

  viewJoin(payload: string | { viewId: string; viewData?: unknown }) {
    const viewId = viewIdOf(payload);
    if (!this.present.includes(viewId)) this.present.push(viewId);
    const name = joinNameOf(payload);
    if (name) this.names.set(viewId, name);
    this.publish(this.sessionId, "presence-changed");
  }

  viewExit(payload: string | { viewId: string }) {
    const viewId = viewIdOf(payload);
    this.present = this.present.filter((v) => v !== viewId);
    this.names.delete(viewId);
    this.publish(this.sessionId, "presence-changed");
  }

  /** A present view changes its nickname (empty or malformed requests are ignored). */
  rename(req: { viewId?: unknown; name?: unknown }) {
    if (typeof req?.viewId !== "string" || typeof req.name !== "string" || req.name === "") return;
    if (!this.present.includes(req.viewId)) return;
    this.names.set(req.viewId, req.name.slice(0, MAX_NAME));
    this.publish(this.sessionId, "presence-changed");
  }
}
Chat.register("Chat");
