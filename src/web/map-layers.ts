import { formatTicketId } from "../core/ticket-id.js";
import type { TicketRow } from "./ticket-query.js";

/**
 * What the dashboard's map draws: the city's kecamatan polygons (from `config/places`, thinned so
 * the page stays light: 1.4 MB of survey-grade outline becomes a few dozen KB) and, per kecamatan,
 * how many open tickets and SLA breaches it has. Pure.
 */

type Ring = [number, number][];
interface PolygonFeature {
  type: "Feature";
  properties: Record<string, unknown>;
  geometry: { type: "Polygon"; coordinates: Ring[] } | { type: "MultiPolygon"; coordinates: Ring[][] };
}
interface FeatureCollection {
  type: "FeatureCollection";
  features: PolygonFeature[];
}

/** Squared distance of `p` from the segment `a`–`b` (flat: a city is small enough). */
function segmentDistance2(p: [number, number], a: [number, number], b: [number, number]): number {
  let [x, y] = a;
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0] - x) * dx + (p[1] - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = b;
    else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = p[0] - x;
  dy = p[1] - y;
  return dx * dx + dy * dy;
}

const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

/** Douglas–Peucker over one ring; keeps its ends (a closed ring stays closed). */
export function simplifyRing(ring: Ring, tolerance: number): Ring {
  if (ring.length <= 4) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = keep[ring.length - 1] = 1;
  const tol2 = tolerance * tolerance;
  const stack: [number, number][] = [[0, ring.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let max = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance2(ring[i]!, ring[first]!, ring[last]!);
      if (d > max) {
        max = d;
        index = i;
      }
    }
    if (index >= 0 && max > tol2) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  const out = ring.filter((_, i) => keep[i] === 1);
  // A ring needs four positions; a tiny one is kept as it was.
  return out.length >= 4 ? out.map(([x, y]) => [round5(x), round5(y)]) : ring;
}

/**
 * The kecamatan polygons with only `name` kept, thinned to `tolerance` degrees (default
 * 0.0003°, about 30 m: finer than a kecamatan's border is drawn on a phone).
 */
export function thinnedAreas(geojsonText: string, nameField: string, tolerance = 0.0003): FeatureCollection {
  const fc = JSON.parse(geojsonText) as FeatureCollection;
  return {
    type: "FeatureCollection",
    features: fc.features.map((f) => ({
      type: "Feature",
      properties: { name: String(f.properties[nameField] ?? "") },
      geometry:
        f.geometry.type === "Polygon"
          ? { type: "Polygon", coordinates: f.geometry.coordinates.map((r) => simplifyRing(r, tolerance)) }
          : {
              type: "MultiPolygon",
              coordinates: f.geometry.coordinates.map((p) => p.map((r) => simplifyRing(r, tolerance))),
            },
    })),
  };
}

export interface AreaCount {
  open: number;
  breached: number;
}

/** The SLA states a marker can have, by their code in {@link MapMarker}. */
export const MARKER_SLA = ["ok", "warning", "breached"] as const;

/**
 * One marker, as compact as the map needs it (the map may carry tens of thousands): the ticket
 * (its number when the id is the usual `ADU-000123`, else the id), latitude and longitude to five
 * decimals (about a metre), the SLA state's index in {@link MARKER_SLA}, and the index of its
 * place name in the answer's `places` (or -1). Everything else is on the ticket page a click opens.
 */
export type MapMarker = [ticket: number | string, lat: number, lon: number, sla: number, place: number];

export interface MapLayers {
  areas: Record<string, AreaCount>;
  markers: MapMarker[];
  /** Place names the markers name by index (each once: many tickets share a street or kelurahan). */
  places: string[];
}

/** `ADU-000500` → 500 (the browser writes it back with `formatTicketId`'s rule); another id as is. */
function compactId(id: string): number | string {
  const m = /^ADU-(\d{6,12})$/.exec(id);
  const n = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(n) && formatTicketId(n) === id ? n : id;
}

/** Open tickets per kecamatan (by name, lower-cased) and one marker per open ticket with a point. */
export function mapLayers(rows: readonly TicketRow[]): MapLayers {
  const areas: Record<string, AreaCount> = {};
  const markers: MapMarker[] = [];
  const places: string[] = [];
  const placeIndex = new Map<string, number>();
  for (const r of rows) {
    if (r.sla === "closed") continue;
    if (r.kecamatan) {
      const key = r.kecamatan.toLowerCase();
      const a = (areas[key] ??= { open: 0, breached: 0 });
      a.open++;
      if (r.sla === "breached") a.breached++;
    }
    if (r.lat !== null && r.lon !== null) {
      const name = r.place ?? r.kelurahan ?? r.kecamatan;
      let place = -1;
      if (name) {
        place = placeIndex.get(name) ?? places.length;
        if (place === places.length) {
          places.push(name);
          placeIndex.set(name, place);
        }
      }
      markers.push([compactId(r.id), round5(r.lat), round5(r.lon), MARKER_SLA.indexOf(r.sla), place]);
    }
  }
  return { areas, markers, places };
}
