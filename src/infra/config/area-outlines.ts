import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { AreaOutline } from '../../core/charts/area-outlines.ts';

/** The bundled outlines of the example areas in stockholm.yaml (hand-drawn, approximate). */
export const BUNDLED_OUTLINES_PATH = fileURLToPath(new URL('./areas.geojson', import.meta.url));

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const ring = z.array(position).min(4);
const feature = z.object({
  type: z.literal('Feature'),
  properties: z.object({ id: z.string().min(1).max(100) }).passthrough(),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
  ]),
});
const collection = z.object({ type: z.literal('FeatureCollection'), features: z.array(feature).max(2000) }).passthrough();

/**
 * Reads area outlines from a GeoJSON FeatureCollection whose features carry the area's id in `properties.id`
 * (Polygon or MultiPolygon, WGS 84). A file that is not such a collection is an error naming the file; areas without
 * a feature are simply not drawn (the table under the picture still lists them).
 */
export function loadAreaOutlines(path: string = BUNDLED_OUTLINES_PATH): AreaOutline[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`area outlines ${path}: ${(error as Error).message}`);
  }
  const parsed = collection.safeParse(json);
  if (!parsed.success) throw new Error(`area outlines ${path} are not a GeoJSON FeatureCollection of Polygons with properties.id: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data.features.map((f) => ({
    areaId: f.properties.id,
    rings: (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates)
      .map((polygon) => polygon[0].map((p) => [p[0], p[1]] as [number, number])),
  }));
}
