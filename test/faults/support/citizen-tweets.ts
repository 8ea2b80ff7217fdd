/**
 * Realistic citizen tweets for the fault suite, generated from templates: complaints that each
 * route with confidence to one agency (so each must end as exactly one card and one `received`
 * reply), and some thanks and greetings that must end as neither. No street, landmark or
 * kelurahan names: two complaints about the same problem at the same place would rightly become
 * one incident, and the suite counts one card per complaint.
 */

export interface CitizenTweet {
  /** A stable key for the suite's own bookkeeping (`dlh-07`, `thanks-03`). */
  key: string;
  text: string;
  author: { username: string; name: string };
  /** The agency whose group must get the card; null: not a complaint (no card). */
  agency: string | null;
  /** Praise: no card, but one short thank-you reply (`replies.on_praise`); other non-complaints get no reply. */
  praise?: boolean;
}

const PROBLEMS: Record<string, readonly string[]> = {
  dsdabm: [
    "jalan berlubang parah, motor sering jatuh",
    "aspal jalan rusak dan berlubang besar",
    "selokan mampet, air meluap ke jalan",
    "drainase tersumbat, jalan tergenang tiap hujan",
    "trotoar rusak dan bolong, pejalan kaki harus turun ke jalan",
  ],
  dishub: [
    "lampu merah mati, perempatan macet total",
    "parkir liar memenuhi bahu jalan, bikin macet",
    "angkot ngetem sembarangan bikin macet",
    "lampu lalu lintas mati dari pagi, kendaraan saling serobot",
    "juru parkir liar minta uang parkir seenaknya",
  ],
  dlh: [
    "sampah menumpuk di TPS, bau banget",
    "truk sampah tidak datang, sampah numpuk di pinggir jalan",
    "sungai kotor penuh sampah plastik",
    "ada yang bakar sampah tiap sore, asapnya bikin sesak",
    "sampah berserakan dan bau busuk menyengat",
  ],
  disperkim: [
    "lampu taman mati semua, gelap dan rawan",
    "pohon rawan tumbang, dahannya sudah retak",
    "taman kota tidak terawat, rumput tinggi dan kotor",
    "pohon besar kering dan miring ke arah rumah warga",
    "fasilitas taman rusak, ayunan anak patah",
  ],
  tirtawening: [
    "air PDAM mati total, warga kesulitan air bersih",
    "air PDAM keruh dan bau, tidak bisa dipakai",
    "pipa PDAM bocor, air muncrat ke jalan",
    "tagihan air PDAM naik tidak wajar padahal air sering mati",
    "air PDAM kecil sekali alirannya, cuma netes",
  ],
  diskarpb: [
    "ada kebakaran rumah warga, api makin besar, mohon damkar segera datang",
    "pohon tumbang menimpa rumah warga, mohon evakuasi",
    "tebing longsor menutup akses warga, mohon bantuan",
    "ada ular kobra masuk rumah warga, mohon bantuan damkar",
    "kebakaran lahan kosong dekat permukiman, asap tebal",
  ],
  satpolpp: [
    "PKL liar memenuhi trotoar, pejalan kaki tidak bisa lewat",
    "reklame liar dipaku di pohon dan tiang",
    "bangunan liar berdiri di atas saluran air",
    "PKL berjualan di badan jalan sampai malam, mohon ditertibkan",
    "spanduk liar dan baliho ilegal bertebaran",
  ],
  dinsos: [
    "ada ODGJ telantar di pinggir jalan, kasihan",
    "banyak pengemis dan anak jalanan di perempatan",
    "gelandangan tidur di emperan toko tiap malam",
    "bansos tidak sampai ke warga yang berhak",
    "anak jalanan mengamen sampai larut malam, kasihan",
  ],
  dinkes: [
    "kasus DBD banyak di RW kami, mohon fogging",
    "pelayanan puskesmas lambat, antre berjam-jam",
    "banyak warga kena demam berdarah, belum ada fogging",
    "puskesmas tutup padahal jam pelayanan",
    "petugas puskesmas judes dan pelayanan buruk",
  ],
  disdik: [
    "ada pungli di sekolah negeri, orang tua diminta bayar",
    "PPDB zonasi kacau, anak dekat sekolah malah tidak diterima",
    "ada pungli di sekolah, orang tua diminta sumbangan wajib padahal katanya gratis",
    "atap kelas sekolah bocor dan hampir roboh",
    "sistem PPDB kacau terus, anak kami tidak bisa daftar sekolah",
  ],
  disdukcapil: [
    "blanko KTP-el habis terus, sudah bolak-balik",
    "antrean disdukcapil panjang sekali, sistem offline",
    "urus akta kelahiran lama banget tidak jadi-jadi",
    "KK baru belum jadi padahal sudah sebulan",
    "cetak KTP ditolak terus, blanko kosong katanya",
  ],
};

const OPENERS = ["@PemkotBandung", "Pak @PemkotBandung", "@PemkotBandung tolong", "Punten @PemkotBandung"];
const DETAILS = [
  "udh 3 hari",
  "dari minggu lalu",
  "sejak kemarin sore",
  "sudah dua minggu",
  "tiap hari begini",
  "dari pagi",
  "udah lama bgt",
];
const CLOSERS = [
  "mohon segera ditindak",
  "tolong dicek",
  "kapan ditangani?",
  "mohon ditindaklanjuti",
  "warga sudah resah",
  "#AduanBandung",
];
/** Not complaints; `praise` ones are thanked once on X (triage's not-a-report family `praise`). */
const NON_COMPLAINTS: readonly { text: string; praise: boolean }[] = [
  { text: "@PemkotBandung terima kasih, taman sekarang bersih dan indah", praise: false },
  { text: "@PemkotBandung mantap pak, pelayanannya cepat sekali. hatur nuhun", praise: true },
  { text: "Selamat pagi @PemkotBandung, semangat terus melayani warga", praise: false },
  { text: "@PemkotBandung keren, acara festival kemarin seru banget", praise: true },
  { text: "@PemkotBandung hatur nuhun sudah merespon laporan saya minggu lalu", praise: true },
  { text: "Bangga jadi warga Bandung, makasih @PemkotBandung", praise: true },
];
const NAMES = ["Asep", "Dewi", "Rizky", "Siti", "Ujang", "Nining", "Fajar", "Rina", "Dadang", "Lina", "Yoga"];

/** `perAgency` complaints for each agency (cycling its problems) and `nonComplaints` others, interleaved. */
export function citizenTweets(
  run: string,
  opts: { perAgency: number; nonComplaints: number; agencies?: readonly string[] },
): CitizenTweet[] {
  const agencies = opts.agencies ?? Object.keys(PROBLEMS);
  const complaints: CitizenTweet[] = [];
  let n = 0;
  for (let i = 0; i < opts.perAgency; i++) {
    for (const agency of agencies) {
      const problems = PROBLEMS[agency];
      if (!problems) throw new Error(`no complaint templates for agency ${agency}`);
      const pick = <T>(list: readonly T[], salt: number): T => list[(i * 7 + salt + n) % list.length] as T;
      const text = [pick(OPENERS, 1), pick(problems, 0), pick(DETAILS, 3), pick(CLOSERS, 5)]
        .join(", ")
        .replace(/, /, " ");
      complaints.push({
        key: `${agency}-${String(i).padStart(2, "0")}`,
        text,
        author: author(run, n),
        agency,
      });
      n++;
    }
  }
  const others: CitizenTweet[] = [];
  for (let i = 0; i < opts.nonComplaints; i++) {
    const other = NON_COMPLAINTS[i % NON_COMPLAINTS.length] as (typeof NON_COMPLAINTS)[number];
    others.push({
      key: `other-${String(i).padStart(2, "0")}`,
      text: other.text,
      author: author(run, n++),
      agency: null,
      praise: other.praise,
    });
  }
  // Interleave: a non-complaint every so often, so every poll sees a mix.
  const out: CitizenTweet[] = [];
  const every = Math.max(1, Math.floor(complaints.length / Math.max(1, others.length)));
  complaints.forEach((c, i) => {
    out.push(c);
    if ((i + 1) % every === 0 && others.length > 0) out.push(others.shift() as CitizenTweet);
  });
  return [...out, ...others];
}

function author(run: string, n: number): { username: string; name: string } {
  const name = NAMES[n % NAMES.length] as string;
  return { username: `${name.toLowerCase().slice(0, 5)}_${run}${n}`.slice(0, 15), name: `${name} ${n}` };
}
