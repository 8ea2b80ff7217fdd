import { beforeAll, describe, expect, it } from "vitest";
import { loadTriageConfig } from "../src/config/load-triage-config.js";
import { buildAgencyMatcher, scoreAgencies, type AgencyMatcher } from "../src/triage/agency-rules.js";
import { buildSlangLexicon, normalise, type SlangLexicon } from "../src/triage/normalise.js";

let slang: SlangLexicon;
let matcher: AgencyMatcher;
beforeAll(async () => {
  const cfg = await loadTriageConfig("config");
  slang = buildSlangLexicon({ words: cfg.slang.words, particles: cfg.slang.particles });
  matcher = buildAgencyMatcher(cfg.agencies, slang, cfg.placeWords);
});
const top = (text: string): string | null => scoreAgencies(matcher, normalise(text, slang)).top;

describe("service word families: what citizens ask of each agency, not only breakdowns", () => {
  it.each([
    // teachers' pay and status, exams, school committees (Disdik)
    ["tunjangan guru triwulan kemarin kok belum cair juga pak", "disdik"],
    ["saya sudah wiyata bakti 10 tahun di SD, kapan diangkat?", "disdik"],
    ["uang komite di sekolah anak saya naik terus tiap tahun", "disdik"],
    ["operator sekolah kami belum dapat honor sejak Januari", "disdik"],
    ["anak saya mau daftar PAUD tapi kuota penuh", "disdik"],
    // aid that did not arrive, disability, the elderly alone (Dinsos)
    ["kami keluarga miskin tapi gak pernah dapat bantuan sembako", "dinsos"],
    ["bantuan beras bulan ini belum cair di RW kami", "dinsos"],
    ["nenek sebatang kara di gang kami tidak ada yang mengurus", "dinsos"],
    ["mohon kursi roda untuk adik saya tuna netra dan lumpuh", "dinsos"],
    // health insurance and being treated (Dinkes)
    ["kartu BPJS kesehatan ibu saya ditolak di IGD", "dinkes"],
    ["anak saya sakit tumor, mohon bantuan biaya berobat", "dinkes"],
    ["antrean poli di RSUD dari subuh, dokter datang jam 10", "dinkes"],
    // the police themselves and crimes against a person (Polisi)
    ["oknum polisi minta uang damai waktu razia", "polisi"],
    ["kasus penganiayaan adik saya sudah dilaporkan ke polsek tapi belum diproses", "polisi"],
    ["diteror debt collector pinjol, diancam disebar datanya", "polisi"],
    // public transport as a service (Dishub)
    ["rute bus kota dipindah, penumpang harus jalan jauh", "dishub"],
    ["driver ojol dilarang jemput di stasiun, kami harus ke mana?", "dishub"],
    ["tiang penerangan jalan di gang kami miring dan lampunya mati", "dishub"],
    // roads by owner and by the works on them, river works (DSDABM)
    ["jalan desa kami belum pernah diaspal, becek kalau hujan", "dsdabm"],
    ["pengecoran jalan kabupaten berhenti di tengah, sudah 3 bulan", "dsdabm"],
    ["talud sungai di belakang rumah warga jebol", "dsdabm"],
    ["rob masuk rumah lagi, air laut sampai selutut", "dsdabm"],
    // pollution by its sources (DLH)
    ["limbah pabrik tahu mencemari sungai, baunya menyengat", "dlh"],
    ["kandang ayam dekat rumah, bau kotoran tiap hari", "dlh"],
    // public order: vice, noise, fly-posting, vendors in Javanese (Satpol PP)
    ["tempat karaoke buka sampai subuh, kemaksiatan makin parah", "satpolpp"],
    ["stiker sedot WC ditempel di mana-mana, tolong dibersihkan", "satpolpp"],
    ["bakul buah pinggir dalan ngganggu pandangan pengendara", "satpolpp"],
    // an outage named further along (PLN); wrong-way riders and pedestrians crossing (Dishub)
    ["listrik di rumah kami dari tadi pagi byar pet, sekarang mati lagi", "pln"],
    ["banyak mahasiswa melawan arah di depan kampus, penyeberang jalan ketakutan", "dishub"],
    // greening as a service (Disperkim); disasters beyond fire (Diskar PB)
    ["mohon program penghijauan di bantaran kali kami", "disperkim"],
    ["puting beliung merusak atap rumah warga tadi sore", "diskarpb"],
  ])("routes %j to %s", (text, agency) => {
    expect(top(text)).toBe(agency);
  });
});

describe("words that look like a topic but are not", () => {
  it.each([
    // `mohon izin` is politeness, not a permit
    ["mohon izin lapor, jalan di depan balai desa berlubang besar", "dsdabm"],
    // a blessing in a greeting does not make a health complaint
    ["semoga bapak diberi kesehatan selalu, lampu jalan di gang kami mati", "dishub"],
    // `perawatan` of a park is upkeep, not a nurse
    ["perawatan taman kota kurang, lampu taman mati semua", "disperkim"],
    // Javanese `niki` (this) is not an ID number
    ["niki pripun pak, sampah di kali numpuk terus", "dlh"],
    // a well is not the water utility's pipe
    ["air sumur warga bau dan berwarna sejak ada pabrik, mencemari lingkungan", "dlh"],
    // poverty describes the citizen; the request is the school fee
    ["kami keluarga kurang mampu, anak tidak bisa ikut ujian sekolah karena belum bayar SPP", "disdik"],
  ])("%j → %s", (text, agency) => {
    expect(top(text)).toBe(agency);
  });

  it("counts a jam caused by vendors for less than the vendors (`bikin macet`)", () => {
    expect(top("pedagang kaki lima di pinggir jalan bikin macet tiap sore")).toBe("satpolpp");
  });
});
