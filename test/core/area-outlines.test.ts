import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CONFIG_PATH, loadConfigFile } from '../../src/infra/config/load-config-file.ts';
import { loadAreaOutlines } from '../../src/infra/config/area-outlines.ts';
import { projectOutlines } from '../../src/core/charts/area-outlines.ts';

describe('area outlines for the area picture', () => {
  it('the bundled file outlines every area (level area) of the bundled deployment, and nothing else', async () => {
    const loaded = await loadConfigFile(BUNDLED_CONFIG_PATH);
    if (!loaded.ok) throw new Error('bundled config invalid');
    const leaves = loaded.config.areas.filter((a) => a.level === 'area').map((a) => a.id).sort();
    expect(loadAreaOutlines().map((o) => o.areaId).sort()).toEqual(leaves);
  });

  it('projects into the picture, north up, keeping proportions', () => {
    const square = { areaId: 'sq', rings: [[[18, 59.3], [18.02, 59.3], [18.02, 59.31], [18, 59.31], [18, 59.3]] as Array<[number, number]>] };
    const [p] = projectOutlines([square], { width: 200, height: 200, padding: 10 });
    const coords = [...p.d.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const xs = coords.map((c) => c[0]);
    const ys = coords.map((c) => c[1]);
    // 0.02° of longitude at 59.3° N is about 1.02 times 0.01° of latitude: nearly square, fitted into 180 × 180.
    expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(180, 0);
    expect((Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys))).toBeCloseTo(Math.cos((59.305 * Math.PI) / 180) * 2, 2);
    // North up: the first point (southern edge) is lower on the picture than the fourth (northern edge).
    expect(coords[0][1]).toBeGreaterThan(coords[3][1]);
    expect(p.d.startsWith('M') && p.d.endsWith('Z')).toBe(true);
  });

  it('refuses a file that is not a FeatureCollection of polygons with ids, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'samband-outlines-'));
    try {
      const bad = join(dir, 'bad.geojson');
      writeFileSync(bad, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [18, 59] } }] }));
      expect(() => loadAreaOutlines(bad)).toThrow(/bad\.geojson are not a GeoJSON FeatureCollection/);
      const broken = join(dir, 'broken.geojson');
      writeFileSync(broken, '{ "type": ');
      expect(() => loadAreaOutlines(broken)).toThrow(/broken\.geojson/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
