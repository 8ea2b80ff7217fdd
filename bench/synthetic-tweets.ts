import type { TweetInput } from "../src/triage/types.js";

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

/**
 * Complaint texts that mention `account`, each at one of `places`: with a city's worth of street and landmark
 * names, a few thousand of them are mostly distinct incidents (different place or problem).
 */
export function syntheticComplaints(
  n: number,
  account: string,
  places: readonly string[],
  seed = 77,
): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      [`@${account}`, pick(PROBLEMS), "di", pick(places), pick(PLACES), pick(SINCE), pick(ENDINGS)]
        .filter(Boolean)
        .join(" "),
    );
  }
  return out;
}
