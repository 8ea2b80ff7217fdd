import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { MultiPolygon, Polygon } from "geojson";

/** One kecamatan or kelurahan polygon with its bounding box (checked first: most points miss). */
export interface AreaShape {
  kecamatan: string;
  kelurahan?: string;
  bbox: [number, number, number, number];
  geometry: Polygon | MultiPolygon;
}

/** The polygons a point is looked up in. */
export interface AreaShapes {
  readonly kelurahanShapes: readonly AreaShape[];
  readonly kecamatanShapes: readonly AreaShape[];
}

export function bboxOf(g: Polygon | MultiPolygon): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = g.type === "Polygon" ? g.coordinates : g.coordinates.flat();
  for (const ring of rings)
    for (const [x, y] of ring) {
      if (x === undefined || y === undefined) continue;
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  return box;
}

function shapeAt(shapes: readonly AreaShape[], lon: number, lat: number): AreaShape | undefined {
  for (const s of shapes) {
    const [x0, y0, x1, y1] = s.bbox;
    if (lon < x0 || lon > x1 || lat < y0 || lat > y1) continue;
    if (booleanPointInPolygon([lon, lat], s.geometry)) return s;
  }
  return undefined;
}

/** Kecamatan and kelurahan (official names) containing a point, or undefined outside the city. */
export function areaAt(
  g: AreaShapes,
  lon: number,
  lat: number,
): { kecamatan: string; kelurahan?: string } | undefined {
  const kel = shapeAt(g.kelurahanShapes, lon, lat);
  if (kel)
    return kel.kelurahan === undefined
      ? { kecamatan: kel.kecamatan }
      : { kecamatan: kel.kecamatan, kelurahan: kel.kelurahan };
  const kec = shapeAt(g.kecamatanShapes, lon, lat);
  return kec ? { kecamatan: kec.kecamatan } : undefined;
}
