import { describe, expect, it } from 'vitest';
import { renderMessageBlocks } from '../../../adapters/slack/render-message-blocks.ts';
import { renderMessageCard } from '../../../adapters/teams/index.ts';
import { renderMessage } from '../../../adapters/web/render/render-message.ts';
import type { OutboundMessage } from '../../../src/core/messages/outbound.types.ts';

/**
 * What people type reaches every surface: none of it may become a link with another text, a mention, or markup.
 * Each sample sits in the title, the text, a fact and the fallback of one message, rendered by each adapter.
 */
const HOSTILE = [
  '<https://evil.example/login|Öppna ärendet>',
  '<!channel> <!here> <!everyone> <@U0ANNA> <#C0POLICE> <!subteam^S123>',
  '[Öppna ärendet](https://evil.example/login)',
  '[Öppna ärendet][1]\n\n[1]: https://evil.example/login',
  '![bild](https://evil.example/pixel.png)',
  '<a href="https://evil.example/login">Öppna ärendet</a><script>alert(1)</script><img src=x onerror=alert(1)>',
  '&lt;!channel&gt; &amp;lt;b&amp;gt;',
  '<at>Samband</at> <at id="0">Anna</at>',
];

function message(text: string): OutboundMessage {
  return {
    locale: 'sv', tone: 'info', title: `Ny händelse ${text}`, text, facts: [{ label: 'Beskrivning', value: text }], actions: [],
    fallback: `Ny händelse: ${text}`, incidentRef: 'INC-2026-0001', audience: 'notification',
  };
}

/** Slack's text objects that it parses as mrkdwn (plain_text, e.g. the header, shows as typed). */
function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (!value || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  if (object.type === 'mrkdwn' && typeof object.text === 'string') return [object.text];
  if (object.type === 'plain_text') return [];
  return Object.values(object).flatMap(mrkdwnTexts);
}

/** Every string in a rendered payload (block texts, card texts, fact values, fallbacks). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('hostile text on every surface', () => {
  for (const sample of HOSTILE) {
    it(`Slack mrkdwn: ${JSON.stringify(sample).slice(0, 50)}`, () => {
      const rendered = renderMessageBlocks(message(sample));
      const parsed = [...mrkdwnTexts(rendered.blocks), rendered.text];
      // What was typed still shows (escaped, not dropped). Slack has no markdown links: `[x](url)` shows as typed.
      if (sample.includes('<')) expect(parsed.join('\n')).toContain('&lt;');
      for (const text of parsed) {
        // Slack reads links, mentions and broadcasts only inside < >: none may survive in what people typed.
        expect(text).not.toMatch(/<(https?:|mailto:|!|@|#)/i);
        expect(text).not.toMatch(/<a\s|<script|<img/i);
      }
    });

    it(`Teams card: ${JSON.stringify(sample).slice(0, 50)}`, () => {
      const card = renderMessageCard(message(sample));
      for (const text of strings(card.body)) {
        // A markdown link or image needs an unescaped `[...](` or `[...][`; HTML and <at> mentions need a raw `<`.
        expect(text).not.toMatch(/(?<!\\)\[[^\]]*(?<!\\)\]\s*[([]/);
        expect(text).not.toMatch(/^\s*(?<!\\)\[[^\]]*(?<!\\)\]:/m);
        expect(text).not.toContain('<');
      }
      // Mentions are entities in Teams: a card carries none.
      expect(JSON.stringify(card)).not.toContain('"mention"');
    });

    it(`web console HTML: ${JSON.stringify(sample).slice(0, 50)}`, () => {
      const html = renderMessage(message(sample), { messageId: 'web-1', createdAt: new Date('2026-11-26T15:05:00Z') }, { personaId: 'karin.dahl', locale: 'sv', timeZone: 'Europe/Stockholm' });
      expect(html).not.toMatch(/<a\s[^>]*evil/i);
      expect(html).not.toMatch(/<script|<img/i);
      expect(html).not.toContain('href="https://evil');
    });
  }
});
