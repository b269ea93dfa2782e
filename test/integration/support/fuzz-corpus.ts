/**
 * Odd request bodies for the fuzz suite: every case of issue #9 and the usual suspects (truncated JSON, wrong types,
 * huge and deeply nested bodies, invalid UTF-8, duplicate parameters). Each case is raw bytes plus the content type
 * it is sent with, so the same corpus goes to every endpoint.
 */
export interface FuzzBody {
  name: string;
  body: Buffer;
  contentType?: string;
}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** What a body says, sent as JSON, as a form and as text/plain. */
const shapes: Array<[string, Buffer]> = [
  ['empty', Buffer.alloc(0)],
  ['null', utf8('null')],
  ['array', utf8('[]')],
  ['array of objects', utf8('[{"type":"message"}]')],
  ['number', utf8('42')],
  ['huge number', utf8('1e999')],
  ['string', utf8('"text"')],
  ['true', utf8('true')],
  ['empty object', utf8('{}')],
  ['truncated JSON', utf8('{"type":"message","text":"incid')],
  ['NUL in JSON', utf8('{"type":"message","text":"incident Rinkeby 2 a\\u0000b","as":"anna.lind"}')],
  ['raw NUL bytes', Buffer.from([0x00, 0x00, 0x7b, 0x00, 0x7d])],
  ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])],
  ['deep arrays', utf8(deepJson(20_000))],
  ['deep objects', utf8(deepObject(5_000))],
  ['payload=null', utf8('payload=null')],
  ['payload=[]', utf8('payload=%5B%5D')],
  ['payload="x"', utf8('payload=%22x%22')],
  ['payload=1', utf8('payload=1')],
  ['payload truncated', utf8('payload=%7B%22type%22%3A')],
  ['duplicate params', utf8('payload=%7B%7D&payload=%7B%7D&text=a&text=b&as=anna.lind&as=admin')],
  ['form NUL', utf8('as=anna.lind&text=incident%20Rinkeby%202%20a%00b&payload=%00&secret=%00')],
  ['form percent garbage', utf8('a=%E0%A4%A&b=%ZZ&%=&&&=')],
  ['type only', utf8('{"type":"event_callback"}')],
  ['event without fields', utf8('{"type":"event_callback","event":null}')],
  ['block_actions without fields', utf8('{"type":"block_actions","actions":null}')],
  ['view_submission without view', utf8('{"type":"view_submission"}')],
  ['url_verification without challenge', utf8('{"type":"url_verification"}')],
  ['ssl_check', utf8('ssl_check=1&token=x')],
];

/** The corpus: every shape with several content types, and a few bodies that only make sense once. */
export function fuzzCorpus(): FuzzBody[] {
  const bodies: FuzzBody[] = [];
  for (const [name, body] of shapes) {
    for (const contentType of [JSON_TYPE, FORM_TYPE, 'text/plain']) bodies.push({ name: `${name} as ${contentType}`, body, contentType });
  }
  bodies.push(
    { name: 'no content type', body: utf8('{"a":1}') },
    { name: 'json with charset', body: utf8('{"type":"message"}'), contentType: 'application/json; charset=utf-8' },
    { name: 'form with charset', body: utf8('payload=null'), contentType: 'application/x-www-form-urlencoded; charset=utf-8' },
    { name: 'multipart', body: utf8('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n'), contentType: 'multipart/form-data; boundary=x' },
    { name: 'odd content type', body: utf8('{}'), contentType: '%%%/;;;' },
    { name: '40 001 characters', body: utf8(JSON.stringify({ text: `incident Rinkeby 2 ${'x'.repeat(40_001)}` })), contentType: JSON_TYPE },
    { name: 'huge body (5 MB)', body: Buffer.alloc(5 * 1024 * 1024, 0x61), contentType: JSON_TYPE },
  );
  return bodies;
}
