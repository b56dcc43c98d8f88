// Chat view: the shared message list (names coloured, consecutive messages grouped, kept
// scrolled to the bottom), an input box, and who is here (nicknames from the model). The
// view publishes "post" and "rename"; the list is redrawn from the model on its events.
import { View } from "tandem";
import { gameStage, h } from "../shared/page.ts";
import { MAX_NICKNAME, nameColor, nickname, setNickname } from "../shared/nickname.ts";
import { MAX_TEXT, type Chat, type ChatMessage } from "./model.ts";

/** Messages this close in model time from the same name are drawn as one group. */
const GROUP_MS = 120_000;

export class ChatView extends View {
  declare readonly model: Chat;
  private readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly nameInput: HTMLInputElement;
  private readonly people: HTMLElement;
  private readonly peopleCount: HTMLElement;
  private readonly items = new Map<string, HTMLElement>();
  private me = nickname();

  constructor(model: Chat) {
    super(model);
    this.list = h("ol", { class: "chat-list", testid: "chat-messages", attrs: { "aria-live": "polite" } });
    this.empty = h("p", { class: "chat-empty muted", text: "No messages yet — say hi!" });
    this.input = h("input", {
      class: "field chat-input",
      testid: "chat-input",
      attrs: { type: "text", maxlength: String(MAX_TEXT), placeholder: "Write a message…", autocomplete: "off", "aria-label": "Message" },
    });
    const form = h(
      "form",
      { class: "chat-form", on: { submit: (e) => this.send(e) } },
      this.input,
      h("button", { class: "btn primary", testid: "chat-send", text: "Send", attrs: { type: "submit" } }),
    );
    this.nameInput = h("input", {
      class: "field chat-name",
      testid: "nickname",
      attrs: { type: "text", maxlength: String(MAX_NICKNAME), "aria-label": "Your name", autocomplete: "off" },
      on: { change: () => this.rename(), keydown: (e) => e.key === "Enter" && this.nameInput.blur() },
    });
    this.nameInput.value = this.me;
    this.people = h("ul", { class: "chat-people", testid: "presence-list" });
    this.peopleCount = h("span", { class: "chat-count", testid: "presence-count" });

    this.root = h(
      "div",
      { class: "game-chat" },
      h("section", { class: "panel chat-main" }, h("div", { class: "chat-scroll" }, this.empty, this.list), form),
      h(
        "aside",
        { class: "panel chat-side" },
        h("h2", { class: "panel-title", text: "Your name" }),
        h("div", { class: "chat-side-body" }, this.nameInput),
        h("h2", { class: "panel-title" }, "Here now ", this.peopleCount),
        this.people,
      ),
    );
    gameStage().replaceChildren(this.root);
    this.renderMessages(true);
    this.renderPresence();
    this.subscribe(this.sessionId, "messages-changed", this.onMessages);
    this.subscribe(this.sessionId, "presence-changed", this.renderPresence);
    this.input.focus();
  }

  private send(e: Event): void {
    e.preventDefault();
    const text = this.input.value.trim();
    if (!text) return;
    this.publish(this.sessionId, "post", { text, from: this.me });
    this.input.value = "";
    this.input.focus();
  }

  private rename(): void {
    const name = setNickname(this.nameInput.value);
    this.nameInput.value = name;
    if (name === this.me) return;
    this.me = name;
    this.publish(this.sessionId, "rename", { viewId: this.viewId, name });
  }

  private onMessages(): void {
    this.renderMessages(false);
  }

  /** Adds new messages and drops those the model no longer keeps (it keeps the last 100). */
  private renderMessages(initial: boolean): void {
    const scroller = this.list.parentElement!;
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48;
    const messages = this.model.messages;
    const keep = new Set(messages.map((m) => m.id));
    for (const [id, item] of this.items) {
      if (!keep.has(id)) {
        item.remove();
        this.items.delete(id);
      }
    }
    let prev: ChatMessage | undefined;
    let mineAdded = false;
    for (const m of messages) {
      if (!this.items.has(m.id)) {
        const item = this.renderMessage(m, prev, !initial);
        this.list.append(item);
        this.items.set(m.id, item);
        if (m.from === this.me) mineAdded = true;
      }
      prev = m;
    }
    this.empty.hidden = messages.length > 0;
    if (initial || atBottom || mineAdded) scroller.scrollTop = scroller.scrollHeight;
  }

  private renderMessage(m: ChatMessage, prev: ChatMessage | undefined, fresh: boolean): HTMLElement {
    const grouped = prev !== undefined && prev.from === m.from && m.time - prev.time < GROUP_MS;
    // model time → local clock time, for display only
    const posted = new Date(Date.now() - (this.model.now() - m.time));
    const time = posted.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    return h(
      "li",
      { class: `chat-msg${grouped ? " grouped" : ""}${m.from === this.me ? " mine" : ""}${fresh ? " fresh" : ""}`, testid: "chat-message", attrs: { "data-from": m.from, "data-id": m.id } },
      grouped
        ? null
        : h(
            "div",
            { class: "chat-meta" },
            h("span", { class: "chat-from", text: m.from || "Anonymous", attrs: { style: `color: ${nameColor(m.from)}` } }),
            h("time", { class: "chat-time muted", text: time }),
          ),
      h("div", { class: "chat-text", testid: "chat-message-text", text: m.text }),
    );
  }

  private renderPresence(): void {
    const { present, names } = this.model;
    this.peopleCount.textContent = String(present.length);
    this.people.replaceChildren(
      ...present.map((viewId) => {
        const name = names.get(viewId) ?? `Guest ${viewId.slice(0, 4)}`;
        const self = viewId === this.viewId;
        return h(
          "li",
          { class: "chat-person", testid: "presence-item", attrs: { "data-view-id": viewId, ...(self ? { "data-self": "" } : {}) } },
          h("span", { class: "chat-dot", attrs: { style: `background: ${nameColor(name)}` } }),
          h("span", { class: "chat-person-name", text: name }),
          self ? h("span", { class: "muted", text: " (you)" }) : null,
        );
      }),
    );
  }

  override detach(): void {
    super.detach();
    this.root.remove();
  }
}
