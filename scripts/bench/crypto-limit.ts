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
 * RSA-OAEP-SHA256 unwrap of the AES key (key parsed once), AES-128-GCM open and seal. Requests a
 * second no server can exceed on one core. Prints ops/s as its last line (run it under taskset).
 */
function main(): void {
  const seconds = Number(process.argv[2] ?? 3);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const samples = Array.from({ length: 64 }, () => {
    const aesKey = randomBytes(16);
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-128-gcm', aesKey, iv);
    const sealed = Buffer.concat([
      cipher.update('{"version":"3.0","action":"ping"}'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    const wrapped = publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      aesKey,
    );
    const body = randomBytes(520);
    return { iv, sealed, wrapped, body, mac: createHmac('sha256', 'secret').update(body).digest() };
  });
  const once = (i: number) => {
    const s = samples[i % samples.length] as (typeof samples)[number];
    timingSafeEqual(createHmac('sha256', 'secret').update(s.body).digest(), s.mac);
    const aesKey = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      s.wrapped,
    );
    const decipher = createDecipheriv('aes-128-gcm', aesKey, s.iv);
    decipher.setAuthTag(s.sealed.subarray(s.sealed.length - 16));
    decipher.update(s.sealed.subarray(0, s.sealed.length - 16));
    decipher.final();
    const flipped = Buffer.from(s.iv.map((byte) => byte ^ 0xff));
    const cipher = createCipheriv('aes-128-gcm', aesKey, flipped);
    cipher.update('{"data":{"status":"active"}}');
    cipher.final();
    cipher.getAuthTag();
  };
  for (let i = 0; i < 500; i++) once(i);
  const deadline = process.hrtime.bigint() + BigInt(seconds * 1e9);
  const start = process.hrtime.bigint();
  let ops = 0;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 50; i++) once(ops++);
  }
  console.log(String(ops / (Number(process.hrtime.bigint() - start) / 1e9)));
}

main();
