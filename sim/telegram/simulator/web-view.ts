/**
 * The simulator's web page: one column per chat showing the bot's messages as they look now, inline buttons that
 * can be pressed as a chosen member, and a box to write or reply as that member. A private chat (a citizen's
 * phone) also shows the bot's reply keyboard ("Kirim lokasi" asks for a pin) and can send a location or a photo. Plain HTML and vanilla JS that poll
 * the `/_sim` JSON every second; message HTML comes pre-escaped from the server (see render-entities-html.ts) and
 * every other string is set as text, so nothing a bot sends can run in the page.
 */
export function renderWebViewPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Telegram simulator</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top"><h1>Telegram simulator</h1><span id="status" class="status">connecting…</span></header>
<main id="chats" class="chats" aria-live="polite"><p class="empty" id="no-chats">No chats yet. Add one with POST /_sim/chats.</p></main>
<script>${SCRIPT}</script>
</body>
</html>`;
}

const STYLE = `
:root { --bg:#dfe7ee; --panel:#fff; --bot:#fff; --user:#e3f8d2; --accent:#2a8bd6; --muted:#6b7a88; --line:#d5dde4; }
* { box-sizing: border-box; }
[hidden] { display:none !important; }
body { margin:0; font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; background:var(--bg); color:#1c2833; }
.top { display:flex; align-items:baseline; gap:12px; padding:10px 16px; background:#517da2; color:#fff; position:sticky; top:0; z-index:2; }
.top h1 { font-size:17px; margin:0; font-weight:600; }
.status { font-size:12px; opacity:.85; }
.chats { display:flex; gap:12px; padding:12px; overflow-x:auto; align-items:flex-start; min-height:calc(100vh - 44px); }
.chat { flex:0 0 380px; max-width:420px; background:#eef3f7; border-radius:10px; display:flex; flex-direction:column;
  max-height:calc(100vh - 68px); box-shadow:0 1px 3px rgba(0,0,0,.15); overflow:hidden; }
.chat-head { background:var(--panel); padding:10px 12px; border-bottom:1px solid var(--line); }
.chat-title { font-weight:600; margin:0 0 4px; font-size:16px; }
.chat-meta { color:var(--muted); font-size:12px; }
.actor { display:flex; gap:6px; align-items:center; margin-top:6px; font-size:13px; }
.actor select { flex:1; padding:4px; font:inherit; border:1px solid var(--line); border-radius:6px; background:#fff; }
.messages { flex:1; overflow-y:auto; padding:10px; display:flex; flex-direction:column; gap:8px; min-height:120px; }
.msg { background:var(--bot); border-radius:10px; padding:7px 10px 5px; max-width:92%; align-self:flex-start;
  box-shadow:0 1px 1px rgba(0,0,0,.08); word-wrap:break-word; overflow-wrap:anywhere; }
.msg.from-user { background:var(--user); align-self:flex-end; }
.msg.deleted { opacity:.55; }
.msg.deleted .body { text-decoration:line-through; }
.msg .sender { font-size:12px; font-weight:600; color:var(--accent); }
.msg .body { white-space:pre-wrap; }
.msg .body pre, .msg .body code { font-family:ui-monospace,Menlo,Consolas,monospace; font-size:13px; background:#f1f4f6; border-radius:4px; }
.msg .body pre { padding:6px; overflow-x:auto; margin:4px 0; }
.msg .body blockquote { margin:4px 0; padding-left:8px; border-left:3px solid var(--accent); }
.msg .body .tg-spoiler { background:#c9d1d8; color:transparent; border-radius:3px; cursor:pointer; }
.msg .body .tg-spoiler.shown { color:inherit; background:#e8ecef; }
.msg .foot { display:flex; justify-content:flex-end; gap:8px; font-size:11px; color:var(--muted); margin-top:2px; }
.msg .foot button { border:0; background:none; color:var(--accent); cursor:pointer; font-size:11px; padding:0; }
.quote { border-left:3px solid var(--accent); padding-left:6px; margin-bottom:4px; font-size:13px; color:var(--muted); }
.media { font-size:13px; margin-bottom:3px; }
.media img { max-width:100%; border-radius:6px; display:block; }
.keyboard { display:flex; flex-direction:column; gap:4px; margin-top:6px; }
.keyboard .row { display:flex; gap:4px; }
.keyboard button, .keyboard a { flex:1; min-height:36px; border:0; border-radius:8px; background:rgba(42,139,214,.12); color:#1f6fae;
  font:inherit; font-size:14px; cursor:pointer; padding:6px; text-align:center; text-decoration:none; }
.keyboard button:hover { background:rgba(42,139,214,.22); }
.keyboard button:disabled { opacity:.5; cursor:default; }
.hint { font-size:12px; color:#b26b00; margin-top:4px; }
.toast { margin:0 10px 8px; padding:8px 10px; border-radius:8px; background:#263746; color:#fff; font-size:14px; }
.toast.alert { background:#fff; color:#1c2833; border:2px solid #517da2; }
.toast.error { background:#b3261e; }
.compose { border-top:1px solid var(--line); background:var(--panel); padding:8px; display:flex; flex-direction:column; gap:6px; }
.compose .replying { font-size:12px; color:var(--muted); display:flex; justify-content:space-between; gap:6px; }
.compose .replying button { border:0; background:none; color:var(--accent); cursor:pointer; }
.compose form { display:flex; gap:6px; }
.compose textarea { flex:1; resize:none; height:40px; padding:8px; font:inherit; border:1px solid var(--line); border-radius:8px; }
.compose button[type=submit] { min-width:64px; border:0; border-radius:8px; background:var(--accent); color:#fff; font:inherit; cursor:pointer; }
.empty { color:var(--muted); padding:20px; }
.chat.private .chat-head { background:#f3fbef; }
.reply-kb { display:flex; flex-direction:column; gap:4px; }
.reply-kb .row { display:flex; gap:4px; }
.reply-kb button { flex:1; min-height:34px; border:1px solid var(--line); border-radius:8px; background:#f7f9fb; font:inherit; font-size:14px; cursor:pointer; }
.tools { display:flex; gap:6px; }
.tools button { border:1px solid var(--line); border-radius:8px; background:#fff; font:inherit; font-size:13px; cursor:pointer; padding:4px 8px; }
@media (max-width: 700px) {
  .chats { scroll-snap-type:x mandatory; padding:8px; gap:8px; }
  .chat { flex:0 0 calc(100vw - 16px); max-width:none; scroll-snap-align:center; max-height:calc(100vh - 60px); }
}
`;

const SCRIPT = `
"use strict";
const columns = new Map();
const statusEl = document.getElementById("status");

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function api(path, body) {
  const res = await fetch(path, body === undefined ? {} : {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}

function time(unix) {
  const d = new Date(unix * 1000);
  return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
}

function showToast(col, text, kind) {
  col.toast.textContent = text;
  col.toast.className = "toast" + (kind ? " " + kind : "");
  col.toast.hidden = false;
  clearTimeout(col.toastTimer);
  col.toastTimer = setTimeout(() => { col.toast.hidden = true; }, kind === "alert" ? 8000 : 4000);
}

function setReply(col, message) {
  col.replyTo = message ? message.messageId : undefined;
  col.replying.hidden = !message;
  col.replyingText.textContent = message ? "Replying to #" + message.messageId + ": " + (message.text || "").slice(0, 60) : "";
  if (message) col.input.focus();
}

function makeColumn(chat) {
  const root = el("section", "chat");
  root.dataset.chatId = String(chat.id);
  const head = el("div", "chat-head");
  const title = el("h2", "chat-title");
  const meta = el("div", "chat-meta");
  const actor = el("label", "actor");
  actor.append(el("span", "", "Act as"));
  const select = el("select");
  select.setAttribute("aria-label", "Act as member");
  actor.append(select);
  head.append(title, meta, actor);
  const list = el("div", "messages");
  const toast = el("div", "toast");
  toast.hidden = true;
  toast.setAttribute("role", "status");
  const compose = el("div", "compose");
  const replying = el("div", "replying");
  replying.hidden = true;
  const replyingText = el("span");
  const cancel = el("button", "", "✕");
  cancel.type = "button";
  cancel.title = "Cancel reply";
  replying.append(replyingText, cancel);
  const form = el("form");
  const input = el("textarea");
  input.placeholder = "Write a message…";
  input.setAttribute("aria-label", "Message text");
  const send = el("button", "", "Send");
  send.type = "submit";
  form.append(input, send);
  // A private chat is a citizen's phone: the bot's reply keyboard, and the attachment menu.
  const replyKb = el("div", "reply-kb");
  replyKb.hidden = true;
  const tools = el("div", "tools");
  tools.hidden = chat.type !== "private";
  const pin = el("button", "", "📍 Location");
  pin.type = "button";
  const photo = el("button", "", "📷 Photo");
  photo.type = "button";
  tools.append(pin, photo);
  compose.append(replying, replyKb, tools, form);
  root.append(head, list, toast, compose);
  if (chat.type === "private") root.classList.add("private");
  const col = { root, title, meta, select, list, toast, input, replying, replyingText, replyKb, chat, lastJson: "", replyTo: undefined };
  pin.addEventListener("click", () => sendLocation(col));
  photo.addEventListener("click", () => sendAs(col, { photo: { fileName: "foto.jpg" }, text: input.value.trim() || undefined }, true));
  cancel.addEventListener("click", () => setReply(col, undefined));
  input.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); } });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text || !select.value) return;
    try {
      await api("/_sim/messages", { chatId: col.chat.id, userId: Number(select.value), text,
        ...(col.replyTo !== undefined ? { replyToMessageId: col.replyTo } : {}) });
      input.value = "";
      setReply(col, undefined);
      refresh();
    } catch (err) { showToast(col, String(err.message || err), "error"); }
  });
  return col;
}

async function sendAs(col, fields, clear) {
  if (!col.select.value) { showToast(col, "Add a member to this chat first", "error"); return; }
  try {
    await api("/_sim/messages", { chatId: col.chat.id, userId: Number(col.select.value), ...fields });
    if (clear) col.input.value = "";
    refresh();
  } catch (err) { showToast(col, String(err.message || err), "error"); }
}

/** A location pin: asked for as "lat, lon", Bandung's Gedung Sate by default. */
function sendLocation(col) {
  const answer = window.prompt("Location (latitude, longitude)", "-6.90250, 107.61870");
  if (!answer) return;
  const parts = answer.split(",").map((x) => Number(x.trim()));
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n))) { showToast(col, "Expected: latitude, longitude", "error"); return; }
  sendAs(col, { location: { latitude: parts[0], longitude: parts[1] } }, false);
}

/** The reply keyboard the bot's latest message put under the input field (or none after a remove). */
function renderReplyKeyboard(col, messages) {
  let rows;
  for (const m of messages) if (m.from.isBot && m.replyKeyboard !== undefined) rows = m.replyKeyboard;
  col.replyKb.replaceChildren();
  col.replyKb.hidden = !Array.isArray(rows);
  if (!Array.isArray(rows)) return;
  for (const row of rows) {
    const rowEl = el("div", "row");
    for (const b of row) {
      const node = el("button", "", b.text);
      node.type = "button";
      node.addEventListener("click", () => {
        if (b.requestLocation) sendLocation(col);
        else if (b.requestContact) sendAs(col, { contact: { phone_number: "+62812" + String(col.select.value).slice(-7), user_id: Number(col.select.value) } }, false);
        else sendAs(col, { text: b.text }, false);
      });
      rowEl.append(node);
    }
    col.replyKb.append(rowEl);
  }
}

function renderMembers(col, chat) {
  const key = JSON.stringify(chat.members);
  if (col.membersKey === key) return;
  col.membersKey = key;
  const previous = col.select.value;
  col.select.replaceChildren();
  for (const m of chat.members) {
    const option = el("option", "", m.name + (m.username ? " (@" + m.username + ")" : "") + " · " + m.status);
    option.value = String(m.id);
    if (m.status === "left" || m.status === "kicked") option.disabled = true;
    col.select.append(option);
  }
  if (previous && [...col.select.options].some((o) => o.value === previous)) col.select.value = previous;
}

async function press(col, message, button, node) {
  if (!col.select.value) { showToast(col, "Add a member to this chat to press buttons", "error"); return; }
  node.disabled = true;
  try {
    const result = await api("/_sim/press", { chatId: col.chat.id, messageId: message.messageId,
      userId: Number(col.select.value), button: button.callbackData ?? button.text });
    if (result.answered) showToast(col, result.text ? result.text : "✓ " + button.text, result.show_alert ? "alert" : "");
    else showToast(col, "The bot did not answer the button press", "error");
  } catch (err) { showToast(col, String(err.message || err), "error"); }
  node.disabled = false;
  refresh();
}

function renderMessage(col, message, byId) {
  const box = el("article", "msg" + (message.from.isBot ? "" : " from-user") + (message.deleted ? " deleted" : ""));
  box.dataset.messageId = String(message.messageId);
  box.append(el("div", "sender", message.from.name));
  if (message.replyToMessageId !== undefined) {
    const replied = byId.get(message.replyToMessageId);
    box.append(el("div", "quote", replied ? replied.from.name + ": " + (replied.text || replied.caption || "…").slice(0, 80) : "#" + message.replyToMessageId));
  }
  if (message.photo) {
    const media = el("div", "media");
    if (message.photo.url) {
      const a = el("a", "", "📷 photo: " + message.photo.url);
      a.href = message.photo.url; a.target = "_blank"; a.rel = "noopener noreferrer";
      media.append(a);
    } else {
      const img = el("img");
      img.src = "/_sim/files/" + encodeURIComponent(message.photo.fileId);
      img.alt = "photo";
      media.append(img);
    }
    box.append(media);
  }
  if (message.document) {
    const media = el("div", "media");
    const a = el("a", "", "📄 " + message.document.fileName + " (" + message.document.size + " bytes)");
    a.href = message.document.url; a.download = message.document.fileName;
    media.append(a);
    box.append(media);
  }
  if (message.location) {
    box.append(el("div", "media", "📍 " + message.location.latitude.toFixed(5) + ", " + message.location.longitude.toFixed(5)));
  }
  if (message.contact) box.append(el("div", "media", "👤 " + message.contact.first_name + " · " + message.contact.phone_number));
  const body = el("div", "body");
  if (message.html !== undefined) body.innerHTML = message.html; // server-escaped, see render-entities-html.ts
  else if (message.text !== undefined) body.textContent = message.text;
  body.querySelectorAll(".tg-spoiler").forEach((s) => s.addEventListener("click", () => s.classList.add("shown")));
  box.append(body);
  if (message.buttons.length > 0 && !message.deleted) {
    const keyboard = el("div", "keyboard");
    for (const row of message.buttons) {
      const rowEl = el("div", "row");
      for (const button of row) {
        if (button.url !== undefined) {
          const a = el("a", "", button.text + " ↗");
          a.href = button.url; a.target = "_blank"; a.rel = "noopener noreferrer";
          rowEl.append(a);
        } else {
          const b = el("button", "", button.text);
          b.type = "button";
          b.addEventListener("click", () => press(col, message, button, b));
          rowEl.append(b);
        }
      }
      keyboard.append(rowEl);
    }
    box.append(keyboard);
  }
  if (message.forceReply && !message.deleted) box.append(el("div", "hint", "The bot asks for a reply"));
  const foot = el("div", "foot");
  if (!message.deleted) {
    const reply = el("button", "", "Reply");
    reply.type = "button";
    reply.addEventListener("click", () => setReply(col, message));
    foot.append(reply);
  }
  foot.append(el("span", "", (message.deleted ? "deleted · " : message.editDate ? "edited · " : "") + "#" + message.messageId + " · " + time(message.date)));
  box.append(foot);
  return box;
}

function renderMessages(col, messages) {
  const json = JSON.stringify(messages);
  if (json === col.lastJson) return;
  col.lastJson = json;
  const atBottom = col.list.scrollHeight - col.list.scrollTop - col.list.clientHeight < 40;
  const byId = new Map(messages.map((m) => [m.messageId, m]));
  col.list.replaceChildren(...messages.map((m) => renderMessage(col, m, byId)));
  renderReplyKeyboard(col, messages);
  if (messages.length === 0) col.list.append(el("p", "empty", "No messages yet"));
  if (atBottom) col.list.scrollTop = col.list.scrollHeight;
}

let busy = false;
async function refresh() {
  if (busy) return;
  busy = true;
  try {
    const chats = await api("/_sim/chats");
    const container = document.getElementById("chats");
    document.getElementById("no-chats").hidden = chats.length > 0;
    const seen = new Set();
    for (const chat of chats) {
      seen.add(chat.id);
      let col = columns.get(chat.id);
      if (!col) { col = makeColumn(chat); columns.set(chat.id, col); container.append(col.root); }
      col.chat = chat;
      col.title.textContent = chat.type === "private" ? "Warga · " + chat.title : chat.title;
      col.meta.textContent = chat.type + " · " + chat.id + " · bot: " + chat.botStatus;
      renderMembers(col, chat);
      renderMessages(col, await api("/_sim/chats/" + chat.id + "/messages?include=all"));
    }
    for (const [id, col] of columns) if (!seen.has(id)) { col.root.remove(); columns.delete(id); }
    statusEl.textContent = "live · " + new Date().toLocaleTimeString();
  } catch (err) {
    statusEl.textContent = "disconnected: " + (err.message || err);
  } finally { busy = false; }
}
refresh();
setInterval(refresh, 1000);
`;
