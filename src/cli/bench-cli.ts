import { Command } from "commander";
import { ConfigError } from "../config/config-error.js";
import { loadTriageModel } from "../config/load-triage-config.js";
import { triage } from "../triage/triage.js";
import type { TweetInput } from "../triage/types.js";

/** Small deterministic PRNG (mulberry32) so every run benches the same tweets. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPENERS = [
  "@PemkotBandung",
  "Pak @walikota",
  "Kang @PemkotBandung punten,",
  "min",
  "Tolong pak",
  "#SuaraWarga",
  "",
];
const STREETS = [
  "jl. Sukajadi",
  "jln Cihampelas",
  "Jalan Soekarno Hatta",
  "jl Dago",
  "jln pasteur",
  "Jl. Buah Batu",
  "jl setiabudi",
  "gg. Mulya",
];
const PLACES = [
  "dpn RS Hasan Sadikin",
  "dkt terminal Leuwipanjang",
  "sebrang pasar Kosambi",
  "deket alun2",
  "di per4an Supratman",
  "",
];
const SINCE = ["udh 3 hari", "sejak kemarin", "sdh 2 minggu", "dari tadi pagi", "berbulan2", ""];
const ENDINGS = [
  "mohon segera diperbaiki",
  "tlg ditindak",
  "nuhun",
  "parahhh",
  "gimana ini pak??",
  "😡😡",
  "🙏",
  "…",
];
const PROBLEMS = [
  "jalannya rusak parah banyak lubang",
  "lampu merah mati total, macet bgt",
  "PJU mati jd gelap gulita",
  "sampah numpuk gak diangkut, bau bgt",
  "air pdam gak ngocor",
  "air PDAM keruh & bau",
  "selokan mampet jadi banjir",
  "parkir liar makan badan jalan",
  "angkot ngetem sembarangan bikin macet",
  "pkl jualan di trotoar",
  "banyak pengamen maksa minta uang",
  "ada kebakaran rumah, api makin besar",
  "pohon tumbang menimpa mobil",
  "listrik padam dari sore",
  "ada begal, motor warga dibegal",
  "pipa bocor airnya muncrat",
  "pengemis anak kecil di lampu merah",
  "ktp-el blm jadi2, blanko habis",
];
const NOT_COMPLAINTS = [
  "terima kasih pak, jalannya sudah mulus sekarang",
  "mantap pak wali, taman barunya keren",
  "mau tanya pendaftaran beasiswa kapan dibuka ya?",
  "selamat pagi warga bandung, jangan lupa sarapan",
  "#WartaBDG Wali kota resmikan trotoar baru di jl. Asia Afrika",
  "ayo pesan sendal bulu, diskon 50% hari ini!",
  "semoga bandung makin juara 🙏",
];

export function syntheticTweets(n: number, seed = 2016): TweetInput[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const out: TweetInput[] = [];
  for (let i = 0; i < n; i++) {
    const complaint = r() < 0.6;
    const body = complaint
      ? [pick(OPENERS), pick(STREETS), pick(PLACES), pick(PROBLEMS), pick(SINCE), pick(ENDINGS)]
      : [pick(OPENERS), pick(NOT_COMPLAINTS)];
    // Some long rambling tweets, as the API allows up to 280 characters (and more for long posts).
    if (r() < 0.05) body.push(pick(PROBLEMS), pick(STREETS), pick(SINCE), pick(NOT_COMPLAINTS));
    const tweet: TweetInput = { id: String(1_000_000 + i), text: body.filter(Boolean).join(" ") };
    if (r() < 0.05) tweet.coordinates = [107.6 + r() * 0.1, -6.95 + r() * 0.08];
    if (r() < 0.2) tweet.user_location = pick(["Bandung", "Dago, Bandung", "Cimahi", "Jakarta"]);
    out.push(tweet);
  }
  return out;
}

async function benchTriage(opts: { count: string }): Promise<void> {
  const n = Math.max(10_000, Number(opts.count) || 10_000);
  const model = await loadTriageModel();
  const tweets = syntheticTweets(n);
  // Warm-up: JIT and the stem cache, as in a long-running worker.
  for (const t of tweets.slice(0, 500)) triage(model, t);
  const times = new Float64Array(n);
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    triage(model, tweets[i] as TweetInput);
    times[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  times.sort();
  const at = (q: number): number => times[Math.min(n - 1, Math.floor(q * n))] ?? 0;
  console.log(`triage: ${n} synthetic tweets on one core in ${totalMs.toFixed(0)} ms`);
  console.log(`  throughput  ${Math.round((n / totalMs) * 1000)} tweets/s`);
  console.log(
    `  per tweet   p50 ${at(0.5).toFixed(3)} ms   p99 ${at(0.99).toFixed(3)} ms   max ${at(1).toFixed(3)} ms`,
  );
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name("bench")
    .description("Measure Aduan's speed. Config is read from $ADUAN_CONFIG_DIR (default ./config).");
  program
    .command("triage", { isDefault: true })
    .description(
      "triage throughput on one core over at least 10,000 varied synthetic tweets, and per-tweet p50/p99",
    )
    .option("-n, --count <n>", "number of tweets (at least 10000)", "20000")
    .action(benchTriage);
  await program.parseAsync(argv);
}

main(process.argv).catch((e: unknown) => {
  if (e instanceof ConfigError) console.error(e.message);
  else console.error(e instanceof Error ? `bench: ${e.message}` : e);
  process.exitCode = 1;
});
