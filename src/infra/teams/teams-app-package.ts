import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { z } from 'zod';

/** The manifest and icons in the repository (placeholders for the ids, filled in per deployment). */
export const TEAMS_MANIFEST_DIR = fileURLToPath(new URL('../../../manifests/teams/', import.meta.url));

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).max(2048);

export const packageOptionsSchema = z.strictObject({
  /** The bot's Microsoft App ID (Azure Bot registration), MICROSOFT_APP_ID. */
  appId: guid,
  /** The Teams app's own id; defaults to the bot's app id. Keep it stable across versions of the package. */
  manifestId: guid.optional(),
  /** semver; Teams requires a higher version for every update of an uploaded app. */
  version: z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, 'must be major.minor.patch').optional(),
  developerName: z.string().min(1).max(32).optional(),
  websiteUrl: httpsUrl.optional(),
  privacyUrl: httpsUrl.optional(),
  termsOfUseUrl: httpsUrl.optional(),
});

export type PackageOptions = z.infer<typeof packageOptionsSchema>;

export interface TeamsAppPackage {
  manifest: Record<string, unknown>;
  /** The zip a Teams admin uploads: manifest.json, color.png, outline.png at its root. */
  zip: Uint8Array;
}

/** Width and height of a PNG, read from its IHDR chunk; throws for anything that is not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) throw new Error('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * Builds the Teams app package from manifests/teams: the manifest with this deployment's bot id, app id, version and
 * links, and the two icons (checked: color 192x192, outline 32x32).
 */
export function buildTeamsAppPackage(options: PackageOptions, dir = TEAMS_MANIFEST_DIR): TeamsAppPackage {
  const opts = packageOptionsSchema.parse(options);
  const manifest = JSON.parse(readFileSync(`${dir}manifest.json`, 'utf8')) as Record<string, any>;
  manifest.id = opts.manifestId ?? opts.appId;
  if (opts.version) manifest.version = opts.version;
  manifest.bots = (manifest.bots as Array<Record<string, unknown>>).map((bot) => ({ ...bot, botId: opts.appId }));
  manifest.developer = {
    ...manifest.developer,
    ...(opts.developerName ? { name: opts.developerName } : {}),
    ...(opts.websiteUrl ? { websiteUrl: opts.websiteUrl } : {}),
    ...(opts.privacyUrl ? { privacyUrl: opts.privacyUrl } : {}),
    ...(opts.termsOfUseUrl ? { termsOfUseUrl: opts.termsOfUseUrl } : {}),
  };
  const icons: Record<string, Uint8Array> = {};
  for (const [key, size] of [['color', 192], ['outline', 32]] as const) {
    const file = manifest.icons[key] as string;
    const bytes = new Uint8Array(readFileSync(`${dir}${file}`));
    const actual = pngSize(bytes);
    if (actual.width !== size || actual.height !== size) {
      throw new Error(`${file}: the ${key} icon must be ${size}x${size} pixels (it is ${actual.width}x${actual.height})`);
    }
    icons[file] = bytes;
  }
  const zip = zipSync({
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    ...icons,
  }, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') });
  return { manifest, zip };
}
