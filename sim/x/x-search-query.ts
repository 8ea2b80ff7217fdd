/**
 * The subset of X's search query language the simulator understands: words (AND), "exact
 * phrases", `OR`, parentheses, negation with `-`, `#hashtag`, `@mention`, `from:`, `to:`,
 * `is:retweet|reply|quote`, `has:geo|mentions|hashtags|links`, `lang:`, `conversation_id:` and
 * `in_reply_to_tweet_id:`. Matching is case-insensitive on word tokens, as X's is.
 */
export type SearchNode =
  | { kind: "or"; items: SearchNode[] }
  | { kind: "and"; items: SearchNode[] }
  | { kind: "not"; item: SearchNode }
  | { kind: "term"; field: TermField; value: string };

type TermField =
  | "word"
  | "phrase"
  | "hashtag"
  | "mention"
  | "from"
  | "to"
  | "is"
  | "has"
  | "lang"
  | "conversation_id"
  | "in_reply_to_tweet_id";

/** What a query is matched against: one tweet, flattened. */
export interface SearchableTweet {
  text: string;
  lang: string;
  authorUsername: string;
  /** Username of the author of the tweet this one replies to. */
  inReplyToUsername?: string;
  inReplyToTweetId?: string;
  conversationId: string;
  hashtags: readonly string[];
  mentions: readonly string[];
  urls: readonly string[];
  isRetweet: boolean;
  isQuote: boolean;
  hasGeo: boolean;
}

export type ParsedSearchQuery = { ok: true; query: SearchNode } | { ok: false; message: string };

const OPERATORS: Record<string, TermField> = {
  from: "from",
  to: "to",
  is: "is",
  has: "has",
  lang: "lang",
  conversation_id: "conversation_id",
  in_reply_to_tweet_id: "in_reply_to_tweet_id",
};
const IS_VALUES = new Set(["retweet", "reply", "quote"]);
const HAS_VALUES = new Set(["geo", "mentions", "hashtags", "links"]);

type Token =
  { t: "(" } | { t: ")" } | { t: "OR" } | { t: "-" } | { t: "phrase"; v: string } | { t: "atom"; v: string };

function tokenize(q: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i] ?? "";
    if (/\s/u.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      out.push({ t: c });
      i++;
    } else if (c === "-" && i + 1 < q.length && !/\s/u.test(q[i + 1] ?? "")) {
      out.push({ t: "-" });
      i++;
    } else if (c === '"') {
      const end = q.indexOf('"', i + 1);
      if (end < 0) return "There is an unterminated quote in the query";
      out.push({ t: "phrase", v: q.slice(i + 1, end) });
      i = end + 1;
    } else {
      let j = i;
      while (j < q.length && !/[\s()"]/u.test(q[j] ?? "")) j++;
      const atom = q.slice(i, j);
      out.push(atom === "OR" ? { t: "OR" } : { t: "atom", v: atom });
      i = j;
    }
  }
  return out;
}

/** Parses a query; a syntax error comes back as X would word it in a 400. */
export function parseSearchQuery(q: string): ParsedSearchQuery {
  const tokens = tokenize(q);
  if (typeof tokens === "string") return { ok: false, message: tokens };
  if (tokens.length === 0) return { ok: false, message: "The `query` query parameter can not be empty" };
  let pos = 0;
  const fail = (message: string): never => {
    throw new QuerySyntaxError(message);
  };

  const parseOr = (): SearchNode => {
    const items = [parseAnd()];
    while (tokens[pos]?.t === "OR") {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? (items[0] as SearchNode) : { kind: "or", items };
  };
  const parseAnd = (): SearchNode => {
    const items: SearchNode[] = [];
    while (pos < tokens.length && tokens[pos]?.t !== "OR" && tokens[pos]?.t !== ")") items.push(parseUnary());
    if (items.length === 0) fail("Ambiguous use of OR or an empty group in the query");
    return items.length === 1 ? (items[0] as SearchNode) : { kind: "and", items };
  };
  const parseUnary = (): SearchNode => {
    if (tokens[pos]?.t === "-") {
      pos++;
      return { kind: "not", item: parsePrimary() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): SearchNode => {
    const tok = tokens[pos++];
    if (!tok) return fail("The query ends where a term was expected");
    if (tok.t === "(") {
      const inner = parseOr();
      if (tokens[pos]?.t !== ")") fail("There is an unbalanced parenthesis in the query");
      pos++;
      return inner;
    }
    if (tok.t === "phrase") return { kind: "term", field: "phrase", value: tok.v.toLowerCase() };
    if (tok.t === "atom") return atomTerm(tok.v, fail);
    return fail(`Unexpected ${tok.t} in the query`);
  };

  try {
    const query = parseOr();
    if (pos < tokens.length) fail("There is an unbalanced parenthesis in the query");
    if (isOnlyNegative(query)) fail("The query must contain at least one positive term");
    return { ok: true, query };
  } catch (e) {
    if (e instanceof QuerySyntaxError) return { ok: false, message: e.message };
    throw e;
  }
}

class QuerySyntaxError extends Error {}

function atomTerm(atom: string, fail: (m: string) => never): SearchNode {
  if (atom.startsWith("#") && atom.length > 1)
    return { kind: "term", field: "hashtag", value: atom.slice(1).toLowerCase() };
  if (atom.startsWith("@") && atom.length > 1)
    return { kind: "term", field: "mention", value: atom.slice(1).toLowerCase() };
  const colon = atom.indexOf(":");
  if (colon > 0) {
    const field = OPERATORS[atom.slice(0, colon)];
    const value = atom.slice(colon + 1).toLowerCase();
    if (field && value) {
      if (field === "is" && !IS_VALUES.has(value)) fail(`Unsupported operator value is:${value}`);
      if (field === "has" && !HAS_VALUES.has(value)) fail(`Unsupported operator value has:${value}`);
      return { kind: "term", field, value: value.replace(/^@/u, "") };
    }
  }
  return { kind: "term", field: "word", value: atom.toLowerCase() };
}

function isOnlyNegative(node: SearchNode): boolean {
  if (node.kind === "not") return true;
  if (node.kind === "and") return node.items.every(isOnlyNegative);
  if (node.kind === "or") return node.items.some(isOnlyNegative);
  return false;
}

/** Lower-cased word tokens of a text (letters and digits; `#banjir` yields `banjir`). */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

export function matchesSearchQuery(node: SearchNode, tweet: SearchableTweet): boolean {
  switch (node.kind) {
    case "or":
      return node.items.some((n) => matchesSearchQuery(n, tweet));
    case "and":
      return node.items.every((n) => matchesSearchQuery(n, tweet));
    case "not":
      return !matchesSearchQuery(node.item, tweet);
    case "term":
      return matchesTerm(node.field, node.value, tweet);
  }
}

function matchesTerm(field: TermField, value: string, t: SearchableTweet): boolean {
  const lower = (xs: readonly string[]): string[] => xs.map((x) => x.toLowerCase());
  switch (field) {
    case "word": {
      const words = wordTokens(value);
      if (words.length === 0) return t.text.toLowerCase().includes(value);
      return containsSequence(wordTokens(t.text), words);
    }
    case "phrase":
      return containsSequence(wordTokens(t.text), wordTokens(value));
    case "hashtag":
      return lower(t.hashtags).includes(value);
    case "mention":
      return lower(t.mentions).includes(value);
    case "from":
      return t.authorUsername.toLowerCase() === value;
    case "to":
      return (t.inReplyToUsername ?? "").toLowerCase() === value;
    case "lang":
      return t.lang.toLowerCase() === value;
    case "conversation_id":
      return t.conversationId === value;
    case "in_reply_to_tweet_id":
      return t.inReplyToTweetId === value;
    case "is":
      return value === "retweet"
        ? t.isRetweet
        : value === "reply"
          ? t.inReplyToTweetId !== undefined
          : t.isQuote;
    case "has":
      if (value === "geo") return t.hasGeo;
      if (value === "mentions") return t.mentions.length > 0;
      if (value === "hashtags") return t.hashtags.length > 0;
      return t.urls.length > 0;
  }
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  if (needle.length === 0) return false;
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, k) => haystack[i + k] === w)) return true;
  }
  return false;
}
