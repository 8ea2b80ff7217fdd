import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseYaml } from "../src/config/yaml-file.js";
import { slangFileSchema } from "../src/triage/lexicon-schema.js";
import { buildSlangLexicon, normalise } from "../src/triage/normalise.js";
import { stemCacheSize, stemWord } from "../src/triage/stem-id.js";

const file = "config/lexicon/slang.yaml";
const parsed = parseYaml(readFileSync(file, "utf8"), file, slangFileSchema);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const slang = buildSlangLexicon({
  words: parsed.value.words,
  particles: parsed.value.particles,
  hashtagWords: parsed.value.hashtag_words,
});
const tokens = (text: string): string => normalise(text, slang).tokens.join(" ");

describe("normalising tweet Indonesian", () => {
  it.each([
    ["jln pagarsih banjir lg, mobil gk bisa lewat", "jalan pagarsih banjir lagi mobil tidak bisa lewat"],
    ["udh 3 hari lampu merah blm nyala", "sudah 3 hari lampu merah belum menyala"],
    ["tlg pak sampah dpn rmh numpuk bgt", "tolong bapak sampah depan rmh menumpuk banget"],
    ["ga ada yg ngangkut sampahnya", "tidak ada yang ngangkut sampahnya"],
    ["nggak ngalir, ndak ada air dr subuh", "tidak mengalir tidak ada air dari subuh"],
    [
      "PJU di kel Sukaluyu kec Cibeunying Kaler mati",
      "penerangan jalan umum di kelurahan sukaluyu kecamatan cibeunying kaler mati",
    ],
  ])("expands abbreviations and slang: %s", (input, expected) => {
    expect(tokens(input)).toBe(expected);
  });

  it.each([
    ["cai teh teu ngocor wae atuh", "air tidak mengalir"],
    ["jalanna mah ruksak pisan euy", "jalanna rusak sangat"],
    ["punten kang, lampu jalan teh pareum", "punten kang lampu jalan padam"],
  ])("drops Sundanese particles and maps Sundanese words: %s", (input, expected) => {
    expect(tokens(input)).toBe(expected);
  });

  it.each([
    ["#JalanRusak di Antapani", "jalan rusak di antapani"],
    ["#jalanrusak lagi", "jalan rusak lagi"],
    ["#lalinBDG macet", "lalu lintas bandung macet"],
    ["#BandungJuara2016", "bandung juara 2016"],
    ["#xyzqwv", "xyzqwv"],
  ])("splits hashtags into words: %s", (input, expected) => {
    expect(tokens(input)).toBe(expected);
  });

  it.each([
    ["parahhh bgttt", "parah banget"],
    ["bapaaaak tolongggg", "bapak tolong"],
    ["maaaaf pak", "maaf bapak"],
    ["saat taat maaf", "saat taat maaf"],
    ["Cimahi Allah", "cimahi allah"],
  ])("squeezes stretched letters but keeps real double letters: %s", (input, expected) => {
    expect(tokens(input)).toBe(expected);
  });

  it.each([
    ["sampah2 di selokan", "sampah sampah di selokan"],
    ["sampah-sampah di selokan", "sampah sampah di selokan"],
    ["pohon2nya tumbang", "pohon pohon tumbang"],
    ["2minggu ga ngocor", "2 minggu tidak mengalir"],
  ])("writes reduplication and glued counts out: %s", (input, expected) => {
    expect(tokens(input)).toBe(expected);
  });

  it("remembers mentions, hashtags and URLs and keeps them out of the words", () => {
    const n = normalise(
      "Pak@ridwankamil @dishub_kotabdg lampu merah mati #lalinBDG https://t.co/abc123 cek pic.twitter.com/xyz",
      slang,
    );
    expect(n.mentions).toEqual(["ridwankamil", "dishub_kotabdg"]);
    expect(n.hashtags).toEqual(["lalinBDG"]);
    expect(n.urls).toEqual(["https://t.co/abc123", "pic.twitter.com/xyz"]);
    expect(n.tokens.join(" ")).toBe("bapak lampu merah mati lalu lintas bandung cek");
  });

  it("decodes HTML entities as X sends them", () => {
    expect(tokens("macet &amp; kacau &lt;3 &quot;parah&quot; &#39;bgt&#39;")).toBe(
      "macet kacau 3 parah banget",
    );
  });

  it("removes emoji, zero-width and bidi characters without splitting words", () => {
    expect(tokens("sam\u200bpah 😡😡 nu\u200dmpuk \u202edi\u202c jalan 🙏🏽")).toBe("sampah menumpuk di jalan");
  });

  it("folds accents and full-width letters", () => {
    expect(tokens("macét ＰＪＵ")).toBe("macet penerangan jalan umum");
  });

  it("reads `pkl` before a time as pukul, otherwise as street vendors", () => {
    expect(tokens("pkl 15.30 banyak pkl di trotoar")).toBe(
      "pukul 15 30 banyak pedagang kaki lima di trotoar",
    );
  });

  it("gives one stem per token, from the Indonesian stemmer", () => {
    const n = normalise("jalannya berlubang, mohon perbaikan, sampahnya menumpuk", slang);
    expect(n.stems).toHaveLength(n.tokens.length);
    expect(n.stems).toEqual(["jalan", "lubang", "mohon", "baik", "sampah", "tumpuk"]);
  });

  it("stems colloquial nasal verbs to their root", () => {
    expect(stemWord("ngerokok")).toBe("rokok");
    expect(stemWord("nyapu")).toBe("sapu");
    expect(stemWord("nabrak")).toBe("tabrak");
  });

  it("stems each distinct word once and keeps the cache bounded", () => {
    for (let i = 0; i < 60_000; i++) stemWord(`kata${String.fromCharCode(97 + (i % 26))}${i}x`);
    expect(stemCacheSize()).toBeLessThanOrEqual(50_000);
  });

  it.each([
    ["an empty string", ""],
    ["only emoji", "😡🙏🏽👍🏿🇮🇩"],
    ["right-to-left Arabic", "مرحبا بالعالم"],
    ["zero-width characters only", "\u200b\u200c\u200d\ufeff"],
    ["control characters", "\u0000\u0001\u0007 jalan"],
    ["a lone surrogate", "jalan \ud800 rusak"],
    ["100 KB of text", "jalan rusak parah ".repeat(6000)],
    ["one 100 KB word", "a".repeat(100_000)],
  ])("never throws on %s", (_name, input) => {
    expect(() => normalise(input, slang)).not.toThrow();
    const n = normalise(input, slang);
    expect(n.stems).toHaveLength(n.tokens.length);
  });
});

describe("clauses", () => {
  const clauses = (text: string): number[] | undefined => normalise(text, slang).clauses;

  it("a comma, a sentence mark or a full stop before a space starts the next clause", () => {
    // biar macet , tolong ! jl.dago . lagi: `jl.` glued to its street and `15.30` are no boundary
    expect(clauses("biar macet, tolong! jl.dago 15.30. lagi")).toEqual([0, 0, 1, 2, 2, 2, 2, 3]);
  });

  it("a slang word expanded into several tokens keeps one clause", () => {
    const n = normalise("otw, pulang", slang);
    expect(n.clauses).toEqual(n.tokens.map((_, i) => (i < n.tokens.length - 1 ? 0 : 1)));
  });
});
