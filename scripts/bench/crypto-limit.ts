import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Per-request cryptography on this core, nothing else: HMAC-SHA256 check of a request-sized body,
 * RSA-OAEP-SHA256 unwrap of the AES key (key parsed once, a KeyObject), AES-128-GCM open of the
 * request and seal of the answer. Requests a second no server can exceed on one core.
 * Run it under taskset; `seconds` is the whole-request measurement, each step gets a fifth of it.
 * Prints one JSON line: {"whole": ops/s, "steps": {name: µs per op}}.
 */
const seconds = Number(process.argv[2] ?? 3);
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const APP_SECRET = randomBytes(24).toString('hex');
const OAEP = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' } as const;
const REQUEST = '{"version":"3.0","action":"ping"}';
const ANSWER = '{"data":{"status":"active"}}';

// Several distinct requests, so no step sees the same input twice in a row.
const samples = Array.from({ length: 64 }, () => {
  const aesKey = randomBytes(16);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-gcm', aesKey, iv);
  const sealed = Buffer.concat([cipher.update(REQUEST), cipher.final(), cipher.getAuthTag()]);
  const wrapped = publicEncrypt({ key: publicKey, ...OAEP }, aesKey);
  const body = randomBytes(520);
  return { aesKey, iv, sealed, wrapped, body, mac: hmac(body) };
});
type Sample = (typeof samples)[number];

function hmac(body: Buffer): Buffer {
  return createHmac('sha256', APP_SECRET).update(body).digest();
}

const verify = (s: Sample) => timingSafeEqual(hmac(s.body), s.mac);
const unwrap = (s: Sample) => privateDecrypt({ key: privateKey, ...OAEP }, s.wrapped);
const open = (s: Sample, aesKey: Buffer) => {
  const decipher = createDecipheriv('aes-128-gcm', aesKey, s.iv);
  decipher.setAuthTag(s.sealed.subarray(s.sealed.length - 16));
  decipher.update(s.sealed.subarray(0, s.sealed.length - 16));
  decipher.final();
};
const seal = (s: Sample, aesKey: Buffer) => {
  const flipped = Buffer.from(s.iv.map((byte) => byte ^ 0xff));
  const cipher = createCipheriv('aes-128-gcm', aesKey, flipped);
  Buffer.concat([cipher.update(ANSWER), cipher.final(), cipher.getAuthTag()]);
};
const whole = (s: Sample) => {
  verify(s);
  const aesKey = unwrap(s);
  open(s, aesKey);
  seal(s, aesKey);
};

/** Operations per second of `op` over `duration` seconds, checking the clock every 50 ops. */
function rate(op: (s: Sample) => void, duration: number): number {
  for (let i = 0; i < 500; i++) op(samples[i % samples.length] as Sample);
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(duration * 1e9));
  let ops = 0;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 50; i++) op(samples[ops++ % samples.length] as Sample);
  }
  return ops / (Number(process.hrtime.bigint() - start) / 1e9);
}

const step = seconds / 5;
const micros = (perSecond: number) => 1e6 / perSecond;
const result = {
  whole: rate(whole, seconds),
  steps: {
    'HMAC-SHA256 verify (520 B)': micros(rate(verify, step)),
    'RSA-OAEP-SHA256 decrypt': micros(rate(unwrap, step)),
    'AES-128-GCM decrypt': micros(rate((s) => open(s, s.aesKey), step)),
    'AES-128-GCM encrypt': micros(rate((s) => seal(s, s.aesKey), step)),
  },
};
console.log(JSON.stringify(result));
