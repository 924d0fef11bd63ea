import { signBody } from '../../src/device/sign-body';
import { post, type Reply } from './post';
import type { App } from '../../src/app/create-app';
import { listen, type Listening } from './listen';
import { APP_SECRET } from './test-app';

/** Keys that pollute a prototype when JSON is merged or assigned into objects naively. */
export const PROTO_KEYS =
  '"__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"polluted":true}}';

/** Byte sequences no UTF-8 decoder accepts. */
export const BAD_UTF8 = Buffer.from([0xc0, 0xaf, 0xff, 0xfe, 0xed, 0xa0, 0x80]);

const ORIGINAL = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Whether anything reached Object.prototype: a polluted prototype shows up on every object. */
export const prototypeUntouched = (): boolean =>
  (({}) as Record<string, unknown>).polluted === undefined &&
  Object.getOwnPropertyNames(Object.prototype).every((name) => ORIGINAL.has(name));

/** POSTs exactly these bytes, signed as they are (supertest would re-encode a Buffer). */
export function postSigned(server: Listening, path: string, body: string | Buffer): Promise<Reply> {
  const port = Number(new URL(server.base).port);
  return post({ body, signature: signBody(body, APP_SECRET) }, port, path);
}

/** For a describe block: `app` served on a free loopback port while its tests run. */
export function servedWhileTesting(app: App): () => Listening {
  let server: Listening | undefined;
  beforeAll(async () => {
    server = await listen(app);
  });
  afterAll(() => server?.close());
  return () => {
    if (!server) throw new Error('not listening yet');
    return server;
  };
}
