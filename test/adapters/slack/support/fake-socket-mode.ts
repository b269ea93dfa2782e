import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { FakeSlack } from './fake-slack.ts';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * Slack's Socket Mode endpoint, played locally: apps.connections.open on the fake Web API returns a ws:// URL on
 * the same server, which answers the WebSocket handshake, says `hello`, pushes envelopes and records the acks the
 * app sends back. Just enough of RFC 6455 for that (text, ping/pong, close; no extensions).
 */
export class FakeSocketMode {
  readonly received: any[] = [];
  private socket: Duplex | undefined;
  private connected: Array<() => void> = [];

  constructor(private readonly slack: FakeSlack) {
    slack.socketUrl = `${slack.url.replace('http://', 'ws://')}/socket`;
    slack.server!.on('upgrade', (req, socket) => {
      const key = String(req.headers['sec-websocket-key'] ?? '');
      const accept = createHash('sha1').update(key + GUID).digest('base64');
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      this.socket = socket;
      let buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (let frame = readFrame(buffer); frame; frame = readFrame(buffer)) {
          buffer = buffer.subarray(frame.length);
          this.onFrame(frame.opcode, frame.payload);
        }
      });
      socket.on('error', () => undefined);
      this.send({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0SAMBAND' } });
      this.connected.splice(0).forEach((resolve) => resolve());
    });
  }

  /** Resolves once the app has connected. */
  waitForConnection(): Promise<void> {
    return this.socket ? Promise.resolve() : new Promise((resolve) => this.connected.push(resolve));
  }

  send(message: unknown): void {
    this.socket?.write(frame(0x1, Buffer.from(JSON.stringify(message))));
  }

  close(): void {
    this.socket?.destroy();
  }

  private onFrame(opcode: number, payload: Buffer): void {
    if (opcode === 0x1) this.received.push(JSON.parse(payload.toString('utf8')));
    else if (opcode === 0x9) this.socket?.write(frame(0xa, payload));
    else if (opcode === 0x8) {
      this.socket?.write(frame(0x8, payload));
      this.socket?.end();
    }
  }
}

/** A server frame: FIN, the opcode, unmasked. */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0x80 | opcode, length])
    : length < 65536 ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
      : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(length)); return b; })()]);
  return Buffer.concat([head, payload]);
}

/** One complete (masked, client) frame at the start of `buffer`, or undefined when more bytes are needed. */
function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; length: number } | undefined {
  if (buffer.length < 2) return undefined;
  const opcode = buffer[0] & 0x0f;
  const masked = (buffer[1] & 0x80) !== 0;
  let length = buffer[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskAt = offset;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return undefined;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (masked) for (let i = 0; i < payload.length; i += 1) payload[i] ^= buffer[maskAt + (i % 4)];
  return { opcode, payload, length: offset + length };
}
