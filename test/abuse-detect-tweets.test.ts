import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAbuseLexicon } from "../src/config/load-triage-config.js";
import { buildAbuseDetector, detectAbuse } from "../src/triage/abuse.js";

const FILE = "config/lexicon/abuse.yaml";
const parsed = parseAbuseLexicon(readFileSync(FILE, "utf8"), FILE);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const detector = buildAbuseDetector(parsed.value);

/** Stand-in for normalise(): lower-case words, mentions and URLs dropped. */
function tinyTokens(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/https?:\/\/\S+|@\w+/g, " ")
      .match(/[a-z]+/g) ?? []
  );
}

const check = (text: string) => detectAbuse(detector, text, tinyTokens(text));

describe("abusive tweets are flagged", () => {
  it.each([
    // profanity
    ["anjing, jalan dago macet total dari tadi pagi", "anjing"],
    ["bangsat lampu merah simpang dago mati lagi", "bangsat"],
    ["Jalan Soekarno Hatta rusak parah, brengsek emang", "brengsek"],
    ["keparat, air PDAM ga ngalir 3 hari", "keparat"],
    ["taik lah pelayanan disdukcapil lama banget", "taik"],
    ["bajingan yang buang sampah di sungai cikapundung", "bajingan"],
    // insults
    ["@pemkotbandung goblok banget ngurus banjir aja ga becus", "goblok"],
    ["petugas parkirnya tolol, ditanya malah marah", "tolol"],
    ["dasar dungu, trotoar dipake jualan dibiarin", "dungu"],
    ["idiot yang bikin desain jalan layang ini", "idiot"],
    ["kampret, got mampet lagi depan rumah", "kampret"],
    ["babi lu, parkir motor di trotoar", "babi"],
    ["dasar monyet, markir di depan gerbang orang", "monyet"],
    ["kurang ajar tukang parkir liar di braga", "kurang ajar"],
    ["otak udang yang ngatur lampu lalu lintas ini", "otak udang"],
    // harassment: a weak insult aimed at someone
    ["@walikota kamu bodoh ya, banjir tiap tahun ga diurus", "bodoh"],
    ["lu gila ya ngebut di jalan kampung", "gila"],
    ["dasar cacat lo, nyerobot antrian", "cacat"],
    ["mulut lu bau bacot mulu", "bacot"],
    // slurs and sexual
    ["dasar lonte, ngapain nongkrong di situ", "lonte"],
    ["pelacur murahan", "pelacur"],
    ["kontol, jalan berlubang ga diperbaiki perbaiki", "kontol"],
    ["memek lah, antri ktp dari subuh", "memek"],
    ["ngentot, banjir lagi di pagarsih", "ngentot"],
    ["mau ngewe ga neng", "ngewe"],
    // threats
    ["awas lu ya, gw bakar rumah lo", "bakar"],
    ["gw bunuh lu kalo parkir di depan rumah gw lagi", "bunuh"],
    ["tak bunuh kowe", "bunuh"],
    ["gue bacok lu besok", "bacok"],
    ["awas kau, kutunggu di gang", "awas"],
    ["gw hajar lu sampe mampus", "hajar"],
    ["mati kau", "mati"],
    // Sundanese
    ["anjing sia, ulah parkir di dieu", "anjing"],
    ["goblog maneh teh, jalan hiji arah", "goblog"],
    ["belegug pisan eta supir angkot", "belegug"],
    ["kehed, hujan deui banjir deui", "kehed"],
    ["koplok sia mah", "koplok"],
    // Javanese
    ["jancuk, dalane rusak ra didandani", "jancuk"],
    ["asu tenan tukang parkire", "asu"],
    ["matamu, kok ora mlaku mlaku", "matamu"],
    ["ndasmu, wis telat kabeh", "ndasmu"],
    ["raimu kuwi lho", "raimu"],
    ["cuk, macet maneh", "cuk"],
    // English swearing in Indonesian tweets
    ["fuck, macet lagi di pasteur", "fuck"],
  ])("%s", (text, word) => {
    const result = check(text);
    expect(result.abusive).toBe(true);
    expect(result.evidence.some((e) => e.field === "abusive" && e.match === word)).toBe(true);
  });
});

describe("spellings that dodge filters are still caught", () => {
  it.each([
    ["4njing lampu jalan mati terus", "anjing", "4njing"],
    ["b4ngs4t jalan rusak", "bangsat", "b4ngs4t"],
    ["anj1ng macet", "anjing", "anj1ng"],
    ["k0nt0l lah", "kontol", "k0nt0l"],
    ["a*jing pdam mati lagi", "anjing", "a*jing"],
    ["k*nt*l pejabatnya", "kontol", "k*nt*l"],
    ["anjiiiiing banjir lagi", "anjing", "anjiiiiing"],
    ["BANGSAAAAT", "bangsat", "BANGSAAAAT"],
    ["a n j i n g emang pemkot", "anjing", "a n j i n g"],
    ["k.o.n.t.o.l", "kontol", "k.o.n.t.o.l"],
    ["njing parah macetnya", "anjing", "njing"],
    ["bgst pelayanan lama", "bangsat", "bgst"],
    ["kntl lah", "kontol", "kntl"],
    ["gblk bgt sih", "goblok", "gblk"],
    ["bngst", "bangsat", "bngst"],
    ["g0bl0k", "goblok", "g0bl0k"],
    ["@$u tenan", "asu", "@$u"],
    ["goblok2 semua", "goblok", "goblok2"],
    ["anj\u200bing", "anjing", "anjing"],
    ["𝐛𝐚𝐧𝐠𝐬𝐚𝐭 jalanan", "bangsat", "bangsat"],
    ["ngebacot mulu", "bacot", "ngebacot"],
    ["kontolmu", "kontol", "kontolmu"],
    // some vowels dropped, not all
    ["gblok amat sih panitianya", "goblok", "gblok"],
    ["jncuk, ra mudeng blas", "jancuk", "jncuk"],
    ["bngsat emang tuh orang", "bangsat", "bngsat"],
    // an exclamation mark or a bar for an i
    ["anj!ng lah", "anjing", "anjing"],
    ["b4j|ngan", "bajingan", "b4jingan"],
  ])("%s", (text, term, match) => {
    const result = check(text);
    expect(result.abusive).toBe(true);
    const evidence = result.evidence.find((e) => e.reason.includes(`"${term}"`));
    expect(evidence?.match).toBe(match);
  });
});

describe("rough but not abusive tweets are left alone", () => {
  it.each([
    // animals, food, places, words that contain a swear word
    "banyak anjing liar berkeliaran di taman lansia, warga takut",
    "anjing-anjing liar di cibiru sudah menggigit dua anak",
    "tolong tangkap anjing tetangga yang suka menggonggong tiap malam",
    "anjing saya digigit anjing kampung, apakah ada vaksin rabies gratis?",
    "daging babi dijual bebas di pasar tanpa label",
    "babi hutan masuk ke kebun warga di ujung berung",
    "monyet liar turun ke permukiman di dago atas",
    "mau nonton film Pengabdi Setan di bioskop BIP",
    "sampah numpuk di pantai, bau banget",
    "klaim asuransi kesehatan ditolak terus",
    "latihan taichi di taman balai kota tiap minggu pagi",
    "tai lalat di pipi kiri",
    "kasus bunuh diri di jembatan pasupati harus dicegah",
    "warga dibacok begal di jalan soekarno hatta tadi malam",
    "awas jalan licin di depan gedung sate",
    "lampu jalan mati, kamu tau ga udah seminggu",
    "usaha kami sia-sia, laporan ga ditanggapi",
    "bakar sampah sembarangan di depan rumah lo bikin sesak",
    "ayam bakar depan kampus enak",
    // self-deprecation and rough complaints
    "aduh gue bodoh banget lupa bawa ktp ke kelurahan",
    "saya memang bodoh soal aturan pajak, mohon dijelaskan",
    "pemkot tidur aja kerjanya! jalan rusak dibiarin berbulan-bulan",
    "parah banget macetnya di pasteur, ga ada petugas sama sekali",
    "sial, ketinggalan angkot lagi gara-gara banjir",
    "gila macetnya hari ini di jalan riau",
    "bodo amat lah, udah lapor tiga kali ga digubris",
    "edan euy hujanna, cileuncang di mana-mana",
    "sialan macet terus di cibiru",
    "sampah kamu buang di mana? di tps cicabe penuh",
    "jalan ini cacat produk, aspal baru sebulan udah bolong",
    "tolong perbaiki lampu PJU di kebon kawung, sudah dua minggu mati",
    "pukul 10 malam masih macet parah di buah batu",
    "2018 jalanan masih rusak, 081234567890 hubungi",
    // everyday words that are a swear word with vowels missing, or too few of them
    "stan bazar di taman lansia ramai sekali",
    "jalan sangan ditutup buat hajatan warga",
    "airnya kental kayak lumpur, tolong dicek pdam",
    "",
  ])("%s", (text) => {
    const result = check(text);
    expect(result).toEqual({ abusive: false, evidence: [] });
  });
});

/** A post triage knows is not a report to the city (chatter, a reply between users). */
const chatter = (text: string) => detectAbuse(detector, text, tinyTokens(text), { report: false });

describe("mild insults said with emphasis or in a simile are flagged", () => {
  it.each([
    ["norak bener sih pake baju gitu ke nikahan", "norak"],
    ["emang kampungan, nonton konser malah ngerekam doang", "kampungan"],
    ["udah sinting tuh orang ngomong sendiri di grup", "sinting"],
    ["gelo pisan eta budak, ngajak gelut wae", "gelo"],
    ["budeg tenan wong iki, diceluk kok meneng wae", "budeg"],
    ["mukanya kek monyet abis bangun tidur", "monyet"],
    ["ngoroknya kayak babi tiap malem", "babi"],
    ["siga bagong dahar teh, teu eureun eureun", "bagong"],
    ["katanya ketua tapi alias kunyuk", "kunyuk"],
  ])("%s", (text, word) => {
    const result = chatter(text);
    expect(result.abusive).toBe(true);
    expect(result.evidence.some((e) => e.match.toLowerCase() === word)).toBe(true);
  });

  it.each([
    // a simile about a thing, a mild word in a report, emphasis on a non-insult
    "kebohongan itu seperti bangkai, lama lama tercium juga",
    "kayak kemarin, macet banget di jalan riau",
    "monyet ekor panjang kayak gitu dilindungi undang undang",
  ])("leaves alone: %s", (text) => {
    expect(chatter(text).abusive).toBe(false);
  });

  it("counts a madness word said as an exclamation in chatter, but not in a report", () => {
    const text = "edan, jauh pisan ti imah ka kampus teh";
    expect(chatter(text).abusive).toBe(true);
    expect(detectAbuse(detector, text, tinyTokens(text), { report: true }).abusive).toBe(false);
  });

  it.each([
    "dia mah nggak bodo, cuma males",
    "bukan sarap, cuma kurang tidur",
    "stop pake kata autis buat becandaan",
  ])("leaves a denied or quoted word alone: %s", (text) => {
    expect(chatter(text).abusive).toBe(false);
  });

  it.each(["gue kan emang bolot kalo pagi", "aku bukan gila, cuma capek", "saya kan pikun, maaf ya"])(
    "leaves a weak word about oneself alone: %s",
    (text) => {
      expect(chatter(text).abusive).toBe(false);
    },
  );

  it("does not count emphasis on a mild word in a report to the city", () => {
    for (const text of [
      "edan banget banjirnya di pagarsih, cileuncang dimana mana",
      "norak banget reklame di jalan dago, nutupin rambu",
    ])
      expect(detectAbuse(detector, text, tinyTokens(text), { report: true }).abusive).toBe(false);
  });
});

describe("evidence", () => {
  it("names every counted word with its category and the person it was aimed at", () => {
    const result = check("dasar tolol lu, parkir sembarangan");
    expect(result.abusive).toBe(true);
    expect(result.evidence).toEqual([
      { field: "abusive", reason: 'insult "tolol" aimed at dasar', match: "tolol" },
    ]);
  });

  it("adds up two mild words that alone would pass", () => {
    expect(check("anjay").abusive).toBe(false);
    expect(check("sialan").abusive).toBe(false);
    expect(check("anjay sialan").abusive).toBe(true);
  });

  it("treats a mild curse as abusive once it is aimed at someone", () => {
    expect(check("sialan, hujan lagi").abusive).toBe(false);
    expect(check("sialan lu").abusive).toBe(true);
  });

  it("uses normalised tokens for what only normalisation reveals, like a split hashtag", () => {
    expect(detectAbuse(detector, "#DasarGoblok pemkot", []).abusive).toBe(false);
    expect(detectAbuse(detector, "#DasarGoblok pemkot", ["dasar", "goblok", "pemkot"]).abusive).toBe(true);
  });

  it("does not let a threat cross a sentence end", () => {
    expect(check("Lampu PJU mati. Kamu kemana aja pak?").abusive).toBe(false);
  });

  it("survives a very long tweet full of emoji and zero-width characters", () => {
    const long = "😡\u200d".repeat(20_000) + " bangsat";
    expect(typeof check(long).abusive).toBe("boolean");
    expect(check("👍🏽\u200b\ufe0f").abusive).toBe(false);
  });
});
