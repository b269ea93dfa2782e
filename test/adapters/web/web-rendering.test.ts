import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { renderMessage, type RenderContext } from '../../../adapters/web/render/render-message.ts';
import { renderIncidentForm } from '../../../adapters/web/render/render-form.ts';
import { ConsoleGate } from '../../../adapters/web/console-access.ts';
import { decideConsoleMode } from '../../../adapters/web/console-mode.ts';
import type { IncidentFormSpec, OutboundMessage } from '../../../src/core/messages/outbound.types.ts';

const ctx: RenderContext = { personaId: 'karin.dahl', locale: 'sv', timeZone: 'Europe/Stockholm' };

const message: OutboundMessage = {
  locale: 'sv',
  tone: 'warning',
  title: 'Ny händelse <script>alert(1)</script>',
  text: 'rad ett\nrad "två" & tre',
  facts: [{ label: 'Område', value: 'Rinkeby<img src=x>' }, { label: 'Myndigheter', value: 'Polisen: Larmad\nSocialtjänsten: Larmad' }],
  actions: [
    { payload: { action: 'ack', incidentRef: 'INC-2026-0001', agencyId: 'polisen' }, label: 'Kvittera', style: 'primary' },
    {
      payload: { action: 'decline', incidentRef: 'INC-2026-0001', agencyId: 'polisen' }, label: 'Inte vår', style: 'danger',
      needsReason: { label: 'Varför är det inte ert?', placeholder: 't.ex. fel område' },
    },
  ],
  fallback: 'Ny händelse',
  incidentRef: 'INC-2026-0001',
  audience: 'notification',
};

describe('renderMessage', () => {
  const html = renderMessage(message, { messageId: 'web-abc', createdAt: new Date('2026-11-26T15:05:00Z') }, ctx);

  it('escapes everything that comes from a message', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('Ny händelse &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('rad ett<br>rad &quot;två&quot; &amp; tre');
    expect(html).toContain('Polisen: Larmad<br>Socialtjänsten: Larmad');
  });

  it('shows local Stockholm time', () => {
    expect(html).toContain('>16:05</time>');
  });

  it('makes each action a form that posts its payload back unchanged, as the persona', () => {
    const payloads = [...html.matchAll(/name="payload" value="([^"]+)"/g)].map((m) => JSON.parse(m[1].replace(/&quot;/g, '"')));
    expect(payloads).toEqual(message.actions.map((a) => a.payload));
    expect(html.match(/name="as" value="karin.dahl"/g)).toHaveLength(2);
    expect(html).toContain('class="btn btn-primary" data-action="ack">Kvittera</button>');
  });

  it('asks for the reason of "Not ours" in a labelled field', () => {
    const id = /<label for="([^"]+)">Varför är det inte ert\?<\/label>/.exec(html)?.[1];
    expect(id).toBeDefined();
    expect(html).toContain(`<input id="${id}" name="reason" type="text" autocomplete="off" placeholder="t.ex. fel område">`);
  });
});

describe('renderMessage with a digest chart', () => {
  const withChart: OutboundMessage = {
    ...message, actions: [], charts: [{ title: 'Händelser per område', alt: 'Rinkeby 3, Tensta 1 <b>', bars: [{ label: 'Rinkeby<script>alert(1)</script>', value: 3 }, { label: 'Tensta', value: 1 }] }],
  };
  const html = renderMessage(withChart, { messageId: 'web-chart' }, ctx);

  it('draws the chart data as an SVG image from a data URI, so nothing in it can run, with its alt text and title', () => {
    const src = /<img src="data:image\/svg\+xml;base64,([^"]+)" alt="([^"]+)">/.exec(html);
    expect(src).not.toBeNull();
    const svg = Buffer.from(src![1], 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<title>Tensta: 1</title>');
    expect(svg).toContain('Rinkeby&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).not.toContain('<script>');
    expect(src![2]).toBe('Rinkeby 3, Tensta 1 &lt;b&gt;');
    expect(html).toContain('<figcaption>Händelser per område</figcaption>');
    expect(html).not.toContain('<script>');
  });
});

describe('renderIncidentForm', () => {
  const spec: IncidentFormSpec = {
    locale: 'en',
    title: 'Report an incident',
    submitLabel: 'Report',
    fields: [
      { id: 'area', label: 'Area', kind: 'select', required: true, options: [{ value: 'akalla', label: 'Akalla' }, { value: 'rinkeby', label: 'Rinkeby' }] },
      { id: 'severity', label: 'Severity', kind: 'select', required: true, options: [{ value: '2', label: '2 High' }, { value: '3', label: '3 Medium' }], initial: '3' },
      { id: 'description', label: 'What happened?', kind: 'textarea', required: true, maxLength: 1000 },
    ],
  };
  const en = { ...ctx, locale: 'en' as const };

  it('labels every field and leaves validation to the core', () => {
    const html = renderIncidentForm(spec, en, 'key-12345678');
    for (const id of ['area', 'severity', 'description']) expect(html).toContain(`<label for="field-${id}">`);
    expect(html).toContain('novalidate');
    expect(html).not.toMatch(/\srequired[\s>]/);
    expect(html).toContain('name="requestKey" value="key-12345678"');
  });

  it('starts a select without a default on an empty choice, and keeps the defaults and typed values', () => {
    const fresh = renderIncidentForm(spec, en, 'key-12345678');
    expect(fresh).toContain('<option value="" selected>Choose …</option><option value="akalla">Akalla</option>');
    expect(fresh).toContain('<option value="3" selected>3 Medium</option>');
    const again = renderIncidentForm(spec, en, 'key-12345678', { area: 'rinkeby', severity: '2', description: 'a <b>' });
    expect(again).toContain('<option value="rinkeby" selected>Rinkeby</option>');
    expect(again).toContain('<option value="2" selected>2 High</option>');
    expect(again).toContain('>a &lt;b&gt;</textarea>');
  });
});

describe('decideConsoleMode', () => {
  const local = { nodeEnv: 'development', hasChatCredentials: false, host: '127.0.0.1', signIn: false };

  it('is open on a developer machine without chat credentials, unless switched off; with sign-in configured it signs in', () => {
    expect(decideConsoleMode(local)).toEqual({ kind: 'open' });
    expect(decideConsoleMode({ ...local, enabled: false }).kind).toBe('off');
    expect(decideConsoleMode({ ...local, signIn: true })).toEqual({ kind: 'signin' });
  });

  it('is off in production and beside chat credentials unless sign-in is configured', () => {
    expect(decideConsoleMode({ ...local, nodeEnv: 'production', host: '0.0.0.0' })).toMatchObject({ kind: 'off', reason: 'NODE_ENV=production' });
    expect(decideConsoleMode({ ...local, hasChatCredentials: true })).toMatchObject({ kind: 'off', reason: 'chat credentials are configured' });
    expect(decideConsoleMode({ nodeEnv: 'production', hasChatCredentials: true, signIn: true, host: '0.0.0.0' })).toEqual({ kind: 'signin' });
    expect(decideConsoleMode({ nodeEnv: 'production', hasChatCredentials: true, signIn: true, enabled: false, host: '0.0.0.0' }).kind).toBe('off');
  });

  it('refuses to start a console without sign-in on a server, in Swedish and English', () => {
    expect(() => decideConsoleMode({ ...local, nodeEnv: 'production', enabled: true })).toThrow(/kräver inloggning.*needs sign-in \(SAMBAND_OIDC_ISSUERS\)/);
  });

  it('lets the open console answer only connections from this machine that came through no proxy', () => {
    const gate = new ConsoleGate({ kind: 'open' });
    const request = (host: string, remoteAddress: string, headers: Record<string, string> = {}) =>
      ({ headers: { host, ...headers }, socket: { remoteAddress } }) as unknown as IncomingMessage;
    expect(gate.hostAllowed(request('127.0.0.1:3000', '127.0.0.1'))).toBe(true);
    expect(gate.hostAllowed(request('localhost:3000', '::ffff:127.0.0.1'))).toBe(true);
    // A Host header is no access control: the connection itself must come from this machine.
    expect(gate.hostAllowed(request('127.0.0.1:3000', '203.0.113.9'))).toBe(false);
    expect(gate.hostAllowed(request('127.0.0.1:3000', '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }))).toBe(false);
    expect(gate.hostAllowed(request('evil.example', '127.0.0.1'))).toBe(false);
  });

  it('refuses a console without sign-in on any address but loopback (sv/en); with sign-in, any address', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'samband.example.org']) {
      expect(() => decideConsoleMode({ ...local, host })).toThrow(/bara på en loopback-adress.*only on a loopback address/);
      expect(decideConsoleMode({ ...local, host, signIn: true })).toEqual({ kind: 'signin' });
    }
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.1.1']) expect(decideConsoleMode({ ...local, host })).toEqual({ kind: 'open' });
  });
});
