import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  text: string;
  /** Set when the connection failed before any answer came (a reset, a hang past the deadline). */
  error?: string;
}

/**
 * One HTTP exchange through node:http, which (unlike fetch) sends any method, any bytes and any header. An answer
 * that arrives before the server closes the connection on a body it refused (a 413 mid-upload) still counts.
 */
export function rawRequest(
  url: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer, timeoutMs = 10_000,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    let answer: RawAnswer | undefined;
    const done = (result: RawAnswer) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const req = request(`${url}${path}`, { method, headers: { connection: 'close', ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      answer = { status: res.statusCode ?? 0, text: '' };
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => done(answer!));
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      done(answer ?? { status: 0, text: '', error: `no answer within ${timeoutMs} ms` });
    });
    req.on('error', (error) => {
      // The server may answer (413) and close before the whole body went out; the answer is what counts.
      done(answer ?? { status: 0, text: '', error: error.message });
    });
    if (body && body.length) req.end(body);
    else req.end();
  });
}
