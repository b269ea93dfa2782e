import { request } from 'node:http';

/** A small HTTP client for the console tests: form posts as the console's script sends them, and SSE streams. */
export function consoleClient(baseUrl: string) {
  async function post(path: string, fields: Record<string, string>, options: { json?: boolean; headers?: Record<string, string> } = {}) {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(options.json === false ? {} : { accept: 'application/json' }),
        ...options.headers,
      },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    const text = await response.text();
    const body = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    return { status: response.status, body, headers: response.headers };
  }

  async function get(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${baseUrl}${path}`, { headers, redirect: 'manual' });
    return { status: response.status, text: await response.text(), headers: response.headers };
  }

  /** A GET through node:http, which (unlike fetch) may set any Host header. */
  function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number }> {
    return new Promise((resolve, reject) => {
      const req = request(`${baseUrl}${path}`, { headers }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      });
      req.on('error', reject);
      req.end();
    });
  }

  return { post, get, rawGet, stream: (path: string) => openStream(`${baseUrl}${path}`) };
}

export interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads a server-sent event stream into a list, with a way to wait for an event matching a test. */
export function openStream(url: string) {
  const events: StreamEvent[] = [];
  const waiters: Array<{ test: (e: StreamEvent) => boolean; resolve: (e: StreamEvent) => void }> = [];
  let buffer = '';
  const req = request(url, { headers: { accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (name && data) {
          const event = { event: name, data: JSON.parse(data) as Record<string, unknown> };
          events.push(event);
          for (const waiter of waiters.filter((w) => w.test(event))) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(event);
          }
        }
        end = buffer.indexOf('\n\n');
      }
    });
  });
  req.on('error', () => {});
  req.end();
  return {
    events,
    waitFor(test: (e: StreamEvent) => boolean, timeoutMs = 10_000): Promise<StreamEvent> {
      const found = events.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; got ${events.map((e) => e.event).join(', ')}`)), timeoutMs);
        waiters.push({ test, resolve: (e) => { clearTimeout(timer); resolve(e); } });
      });
    },
    close() { req.destroy(); },
  };
}
