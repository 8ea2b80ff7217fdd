import { loadPlaces } from "../../src/config/load-places.js";
import { buildGazetteer, type Gazetteer } from "../../src/triage/gazetteer.js";

/** Stand-in for normalise(): lower-case words, punctuation dropped, abbreviations left as typed. */
export const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** The gazetteer of the shipped Bandung places. */
export async function shippedGazetteer(): Promise<Gazetteer> {
  return buildGazetteer(await loadPlaces("config/places"));
}
