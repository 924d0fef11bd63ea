import { constants, createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { createPrivateKey, privateDecrypt, timingSafeEqual, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import { freshSecrets, prepareRequests, type PreparedRequest } from '../lib/flow-requests';

/**
 * The per-request cryptography of a ping and nothing else: HMAC-SHA256 check, RSA-OAEP-SHA256
 * unwrap of the AES key, AES-128-GCM open of the request and seal of the answer. `measure S`
 * prints what one core does of it a second (the crypto limit: no server can exceed it), and each
 * step's cost; otherwise it is bare node:http doing it for each request (the yardstick: what the
 * server loses against it is everything it does beyond the crypto). It trusts its input.
 */
const ANSWER = '{"data":{"status":"active"}}';
const OAEP = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' } as const;

const verify = (secret: string, body: Buffer, signature: string) =>
  timingSafeEqual(
    createHmac('sha256', secret).update(body).digest(),
    Buffer.from(signature.slice(7), 'hex'),
  );
const unwrap = (key: KeyObject, body: Buffer) => {
  const envelope = JSON.parse(body.toString()) as Record<string, string>;
  const b64 = (name: string) => Buffer.from(envelope[name] ?? '', 'base64');
  const aesKey = privateDecrypt({ key, ...OAEP }, b64('encrypted_aes_key'));
  return { aesKey, iv: b64('initial_vector'), sealed: b64('encrypted_flow_data') };
};
const open = ({ aesKey, iv, sealed }: ReturnType<typeof unwrap>) => {
  const decipher = createDecipheriv('aes-128-gcm', aesKey, iv);
  decipher.setAuthTag(sealed.subarray(-16));
  return JSON.parse(
    Buffer.concat([decipher.update(sealed.subarray(0, -16)), decipher.final()]).toString(),
  ) as unknown;
};
const seal = ({ aesKey, iv }: ReturnType<typeof unwrap>) => {
  const cipher = createCipheriv('aes-128-gcm', aesKey, Buffer.from(iv.map((byte) => byte ^ 0xff)));
  return Buffer.concat([cipher.update(ANSWER), cipher.final(), cipher.getAuthTag()]).toString(
    'base64',
  );
};

/** Operations a second of `op` over `seconds`, after a warm-up, reading the clock every 50. */
function rate(op: (r: PreparedRequest) => unknown, requests: PreparedRequest[], seconds: number) {
  for (let i = 0; i < 500; i++) op(requests[i % requests.length] as PreparedRequest);
  const start = performance.now();
  let ops = 0;
  while (performance.now() - start < seconds * 1000) {
    for (let i = 0; i < 50; i++) op(requests[ops++ % requests.length] as PreparedRequest);
  }
  return ops / ((performance.now() - start) / 1000);
}

if (process.argv[2] === 'measure') {
  const seconds = Number(process.argv[3] ?? 3);
  const secrets = freshSecrets();
  const requests = prepareRequests(secrets, 64, 'ping');
  const unwrapped = requests.map((r) => unwrap(secrets.privateKey, r.body));
  const at = (r: PreparedRequest) => unwrapped[requests.indexOf(r)] as ReturnType<typeof unwrap>;
  const micros = (op: (r: PreparedRequest) => unknown) => 1e6 / rate(op, requests, seconds / 5);
  const whole = (r: PreparedRequest) => {
    verify(secrets.appSecret, r.body, r.signature);
    const request = unwrap(secrets.privateKey, r.body);
    open(request);
    seal(request);
  };
  const result = {
    whole: rate(whole, requests, seconds),
    steps: {
      'HMAC-SHA256 verify': micros((r) => verify(secrets.appSecret, r.body, r.signature)),
      'RSA-OAEP-SHA256 decrypt (with the JSON envelope)': micros((r) =>
        unwrap(secrets.privateKey, r.body),
      ),
      'AES-128-GCM decrypt': micros((r) => open(at(r))),
      'AES-128-GCM encrypt': micros((r) => seal(at(r))),
    },
  };
  console.log(JSON.stringify(result));
} else {
  const key = createPrivateKey(process.env.PRIVATE_KEY ?? '');
  const secret = process.env.APP_SECRET ?? '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method !== 'POST') return void res.end('ok');
      if (!verify(secret, body, String(req.headers['x-hub-signature-256']))) {
        return void res.writeHead(432).end();
      }
      const request = unwrap(key, body);
      open(request);
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(seal(request));
    });
  });
  server.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
