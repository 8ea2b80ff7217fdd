import { beforeAll, describe, expect, it } from "vitest";
import type { Gazetteer } from "../src/triage/gazetteer.js";
import { locate } from "../src/triage/locate.js";
import { neighbourhoodIn } from "../src/triage/place-neighbourhood.js";
import { shippedGazetteer, words } from "./support/shipped-gazetteer.js";

let g: Gazetteer;
beforeAll(async () => {
  g = await shippedGazetteer();
});

describe("an RT/RW a resident names", () => {
  it.each([
    ["sampah numpuk di RW 07 sudah seminggu", "RW 07"],
    ["air tidak keluar rw.3 dari kemarin", "RW 03"],
    ["got mampet RT 04/09 tolong", "RT 04/RW 09"],
    ["rt02/11 gelap lampunya mati", "RT 02/RW 11"],
    ["jalan berlubang rt 6 rw 12 parah", "RT 06/RW 12"],
    ["rt.1/rw.5 banjir", "RT 01/RW 05"],
  ])("reads %j as %j", (text, unit) => {
    expect(neighbourhoodIn(text)).toBe(unit);
  });

  it.each([
    "RT @akun: 07.15 RT @akun lampu mati",
    "RT @akun: banjir lagi",
    "ARTIS 5 orang datang",
    "rt 0 kosong",
    "jam 10.30 rw rame",
  ])("finds none in %j (a retweet, a word, no number)", (text) => {
    expect(neighbourhoodIn(text)).toBeUndefined();
  });

  it("is a text location on its own, with no kecamatan to route by", () => {
    const text = "sampah numpuk di RW 07 sudah seminggu";
    const { location, evidence } = locate(g, { tokens: words(text), raw: text });
    expect(location).toEqual({ source: "text", neighbourhood: "RW 07" });
    expect(evidence.some((e) => e.reason.includes("RT/RW"))).toBe(true);
  });

  it("rides along with the kelurahan it lies in", () => {
    const text = "got mampet RT 04/09 kel. babakan sari";
    const { location } = locate(g, { tokens: words(text), raw: text });
    expect(location).toMatchObject({
      source: "text",
      neighbourhood: "RT 04/RW 09",
      kelurahan: "Babakan Sari",
      kecamatan: "Kiaracondong",
    });
  });
});

describe("a spot known by its name after a word of position or nearness", () => {
  it.each([
    ["banyak pengamen depan Cikalapa sore hari", "Cikalapa"],
    ["parkir liar dekat Sukalumpit bikin macet", "Sukalumpit"],
    ["sebelah Rancakendal gelap tiap malam", "Rancakendal"],
  ])("reads %j as the landmark %j", (text, name) => {
    const { location } = locate(g, { tokens: words(text), raw: text });
    expect(location.source).toBe("text");
    expect(location.landmark).toBe(name);
  });

  it.each(["motor parkir depan rumah saya", "sampah numpuk dekat sini", "macet sekitar jam lima"])(
    "takes no everyday word as a name: %j",
    (text) => {
      const { location } = locate(g, { tokens: words(text), raw: text });
      expect(location.landmark).toBeUndefined();
    },
  );
});
