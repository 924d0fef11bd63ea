import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  privateDecrypt,
  timingSafeEqual,
} from 'node:crypto';
import { createServer } from 'node:http';

/**
 * The yardstick beside the server: bare node:http doing the per-request crypto of a ping and
 * nothing else (no routing, validation, logging, metrics, or even error handling). What the
 * server loses against it is the cost of everything it does beyond the crypto; what this loses
 * against the crypto limit is node:http and the kernel's TCP. Never a real endpoint: it trusts
 * its input and crashes on a bad one.
 */
const key = createPrivateKey(process.env.PRIVATE_KEY ?? '');
const secret = process.env.APP_SECRET ?? '';
const ANSWER = '{"data":{"status":"active"}}';

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    res.end('ok');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const given = Buffer.from(String(req.headers['x-hub-signature-256']).slice(7), 'hex');
    if (!timingSafeEqual(createHmac('sha256', secret).update(body).digest(), given)) {
      res.writeHead(432).end();
      return;
    }
    const envelope = JSON.parse(body.toString()) as Record<string, string>;
    const aesKey = privateDecrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(envelope.encrypted_aes_key ?? '', 'base64'),
    );
    const iv = Buffer.from(envelope.initial_vector ?? '', 'base64');
    const sealed = Buffer.from(envelope.encrypted_flow_data ?? '', 'base64');
    const decipher = createDecipheriv('aes-128-gcm', aesKey, iv);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    JSON.parse(
      Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - 16)),
        decipher.final(),
      ]).toString(),
    );
    const cipher = createCipheriv('aes-128-gcm', aesKey, Buffer.from(iv.map((b) => b ^ 0xff)));
    const answer = Buffer.concat([cipher.update(ANSWER), cipher.final(), cipher.getAuthTag()]);
    const text = answer.toString('base64');
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': text.length });
    res.end(text);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
