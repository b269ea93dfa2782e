/** An area's outline: one or more rings of [longitude, latitude] (WGS 84), as a GeoJSON Polygon or MultiPolygon has them. */
export interface AreaOutline {
  areaId: string;
  /** Outer rings only (holes do not matter for an overview picture). */
  rings: Array<Array<[number, number]>>;
}

/** An outline on the picture: an SVG path in picture units and where its label goes. */
export interface ProjectedOutline {
  areaId: string;
  /** SVG path data (`M x y L x y ... Z`, one subpath per ring). */
  d: string;
  /** The label's anchor: the centre of the largest ring's bounding box. */
  label: [number, number];
}

export interface PictureSize {
  width: number;
  height: number;
  padding: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Projects outlines onto a picture: an equirectangular projection scaled by the cosine of the middle latitude (so a
 * city's shapes keep their proportions), fitted into the picture with its padding, north up. Good for a district
 * overview; not a survey map.
 */
export function projectOutlines(outlines: AreaOutline[], size: PictureSize): ProjectedOutline[] {
  const points = outlines.flatMap((o) => o.rings.flat());
  if (points.length === 0) return [];
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = Math.min((size.width - 2 * size.padding) / spanX, (size.height - 2 * size.padding) / spanY);
  // Centre the drawing in the picture.
  const offsetX = (size.width - spanX * scale) / 2;
  const offsetY = (size.height - spanY * scale) / 2;
  const project = ([lon, lat]: [number, number]): [number, number] => [round(offsetX + (lon - minLon) * k * scale), round(offsetY + (maxLat - lat) * scale)];
  return outlines.map((outline) => {
    const rings = outline.rings.map((ring) => ring.map(project));
    const d = rings.map((ring) => `M${ring.map(([x, y]) => `${x} ${y}`).join('L')}Z`).join('');
    const largest = rings.reduce((best, ring) => (extent(ring) > extent(best) ? ring : best), rings[0]);
    const xs = largest.map((p) => p[0]);
    const ys = largest.map((p) => p[1]);
    return { areaId: outline.areaId, d, label: [round((Math.min(...xs) + Math.max(...xs)) / 2), round((Math.min(...ys) + Math.max(...ys)) / 2)] };
  });
}

function extent(ring: Array<[number, number]>): number {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
}
