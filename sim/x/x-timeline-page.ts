import type { SimTweetRecord } from "./x-simulator-store.js";

/**
 * The X simulator's page at `/`: the timeline as a person would follow it, each citizen's tweet
 * with the replies under it (ours and the citizen's answers), newest conversation first. Rendered
 * on the server with every tweet's text, name and handle HTML-escaped, so a tweet cannot inject
 * markup; no script, the page refreshes itself every few seconds. Phone first: one column.
 */
export function renderTimelinePage(
  tweets: readonly SimTweetRecord[],
  ownUsername: string,
  opts: { refreshSeconds?: number; now?: number } = {},
): string {
  const byParent = new Map<string, SimTweetRecord[]>();
  const ids = new Set(tweets.map((t) => t.id));
  const roots: SimTweetRecord[] = [];
  for (const t of tweets) {
    const parent = typeof t["in_reply_to_tweet_id"] === "string" ? t["in_reply_to_tweet_id"] : undefined;
    if (parent && ids.has(parent)) {
      const list = byParent.get(parent) ?? [];
      list.push(t);
      byParent.set(parent, list);
    } else roots.push(t);
  }
  const oldestFirst = (a: SimTweetRecord, b: SimTweetRecord) => compareIds(a.id, b.id);
  const latest = (t: SimTweetRecord): string =>
    (byParent.get(t.id) ?? []).map(latest).reduce((m, id) => (compareIds(id, m) > 0 ? id : m), t.id);
  roots.sort((a, b) => compareIds(latest(b), latest(a)));
  const now = opts.now ?? Date.now();

  const tweet = (t: SimTweetRecord, depth: number): string => {
    const ours = t.author.username.toLowerCase() === ownUsername.toLowerCase();
    const replies = [...(byParent.get(t.id) ?? [])].sort(oldestFirst);
    return `<article class="tweet${ours ? " ours" : ""}${t.deleted ? " deleted" : ""}" data-depth="${Math.min(depth, 3)}">
<header><span class="name">${esc(t.author.name || t.author.username)}</span> <span class="handle">@${esc(t.author.username)}</span>${ours ? ' <span class="badge">kita</span>' : ""} · <time datetime="${esc(t.created_at)}">${esc(ago(now - Date.parse(t.created_at)))}</time></header>
<p class="text">${esc(t.text)}</p>${t.deleted ? '\n<p class="note">dihapus</p>' : ""}
</article>${replies.length > 0 ? `\n<div class="replies">${replies.map((r) => tweet(r, depth + 1)).join("\n")}</div>` : ""}`;
  };

  const refresh = opts.refreshSeconds ?? 3;
  const citizens = tweets.filter((t) => t.author.username.toLowerCase() !== ownUsername.toLowerCase()).length;
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${refresh}">
<title>X simulator · @${esc(ownUsername)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top"><h1>X simulator</h1><span class="status">@${esc(ownUsername)} · ${citizens} tweet warga · ${tweets.length - citizens} balasan kita · segar tiap ${refresh} dtk</span></header>
<main>
${roots.length === 0 ? '<p class="empty">Belum ada tweet. Tambahkan dengan POST /_sim/tweets.</p>' : roots.map((t) => `<section class="thread">${tweet(t, 0)}</section>`).join("\n")}
</main>
</body>
</html>`;
}

/** Snowflake ids as numbers, without BigInt parsing of anything that is not digits. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} dtk lalu`;
  if (s < 3600) return `${Math.floor(s / 60)} mnt lalu`;
  if (s < 86_400) return `${Math.floor(s / 3600)} jam lalu`;
  return `${Math.floor(s / 86_400)} hari lalu`;
}

function esc(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLE = `
:root { --bg:#f5f8fa; --line:#e1e8ed; --muted:#657786; --accent:#1d9bf0; --ours:#e8f5fe; }
* { box-sizing:border-box; }
body { margin:0; font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; background:var(--bg); color:#14171a; }
.top { position:sticky; top:0; background:#fff; border-bottom:1px solid var(--line); padding:10px 14px; display:flex; flex-wrap:wrap; gap:4px 12px; align-items:baseline; }
.top h1 { font-size:18px; margin:0; }
.status { font-size:12px; color:var(--muted); }
main { max-width:600px; margin:0 auto; padding:8px; }
.thread { background:#fff; border:1px solid var(--line); border-radius:12px; margin:0 0 10px; padding:10px 12px; }
.tweet { padding:4px 0; overflow-wrap:anywhere; }
.tweet header { font-size:13px; color:var(--muted); }
.tweet .name { font-weight:700; color:#14171a; }
.tweet .text { margin:2px 0 0; white-space:pre-wrap; }
.tweet.ours { background:var(--ours); border-radius:10px; padding:6px 8px; }
.tweet.deleted .text { text-decoration:line-through; opacity:.6; }
.badge { background:var(--accent); color:#fff; border-radius:8px; padding:0 6px; font-size:11px; }
.note { font-size:12px; color:#b3261e; margin:2px 0 0; }
.replies > .tweet + .tweet, .replies > .replies + .tweet { margin-top:6px; }
.replies { margin:6px 0 0 10px; padding-left:10px; border-left:2px solid var(--line); }
.empty { color:var(--muted); padding:20px; text-align:center; }
`;
