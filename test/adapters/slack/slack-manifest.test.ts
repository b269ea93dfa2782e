import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { SLACK_BOT_EVENTS, SLACK_BOT_SCOPES } from '../../../adapters/slack/index.ts';

const root = resolve(import.meta.dirname, '../../..');
const schemaDir = resolve(root, 'test/fixtures/slack/manifest-schema');
const json = (name: string) => JSON.parse(readFileSync(resolve(schemaDir, name), 'utf8'));
const REF = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/';

/** Slack's dispatcher schema, with the two versioned schemas it $refs served from the local copies (no network). */
function validator() {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(json('manifest.schema.1.0.0.json'), `${REF}manifest.schema.1.0.0.json`);
  ajv.addSchema(json('manifest.schema.2.0.0.json'), `${REF}manifest.schema.2.0.0.json`);
  return ajv.compile(json('manifest.schema.json'));
}

const manifest = (name: string) => parse(readFileSync(resolve(root, 'manifests/slack', name), 'utf8'));

describe('Slack app manifests', () => {
  const validate = validator();

  for (const name of ['manifest.yaml', 'manifest.socket-mode.yaml']) {
    it(`${name} is valid against Slack's published manifest schema`, () => {
      const ok = validate(manifest(name));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });

    it(`${name} asks for the scopes and events the adapter uses`, () => {
      const m = manifest(name);
      expect([...m.oauth_config.scopes.bot].sort()).toEqual([...SLACK_BOT_SCOPES].sort());
      expect([...m.settings.event_subscriptions.bot_events].sort()).toEqual([...SLACK_BOT_EVENTS].sort());
      expect(m.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/incident']);
      expect(m.features.shortcuts.map((s: { callback_id: string }) => s.callback_id)).toEqual(['samband.report']);
      expect(m.settings.interactivity.is_enabled).toBe(true);
    });
  }

  it('points every HTTP URL at the one Samband server and its Slack paths', () => {
    const m = manifest('manifest.yaml');
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.settings.event_subscriptions.request_url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(m.settings.interactivity.request_url).toBe(m.settings.event_subscriptions.request_url);
    expect(m.features.slash_commands[0].url).toBe(m.settings.event_subscriptions.request_url);
    expect(m.oauth_config.redirect_urls).toEqual([m.settings.event_subscriptions.request_url.replace('/slack/events', '/slack/oauth_redirect')]);
    expect(manifest('manifest.socket-mode.yaml').settings.socket_mode_enabled).toBe(true);
  });

  it('would catch a broken manifest (the schema is really applied)', () => {
    const broken = manifest('manifest.yaml');
    broken.display_information.name = 'x'.repeat(36);
    broken.features.slash_commands[0].command = 'incident';
    broken.settings.unknown_setting = true;
    expect(validate(broken)).toBe(false);
  });
});
