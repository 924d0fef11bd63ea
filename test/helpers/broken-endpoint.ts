import type { IncomingMessage, ServerResponse } from 'node:http';
import { decryptRequest } from '../../src/crypto/decrypt-request';
import { encryptResponse } from '../../src/crypto/encrypt-response';
import { verifySignature } from '../../src/crypto/verify-signature';
import { EndpointError } from '../../src/errors/endpoint-error';
import { parseEnvelope } from '../../src/protocol/parse-envelope';
import { listen, type Listening } from './listen';
import { businessPrivateKey } from './test-keys';

/** The ways the doctor's tests break an otherwise correct endpoint. */
export type Fault = 'none' | 'bad-tag-500' | 'crash-without-signature' | 'json-in-clear' | 'slow';

export const BROKEN_APP_SECRET = 'broken-endpoint-app-secret';
const SLOW_MS = 1100;

/**
 * A minimal Flows endpoint built from the project's crypto, with one fault: 500 when the GCM tag
 * does not verify, a dropped connection when the signature header is missing, answers in clear
 * JSON, or every answer a little over Meta's 1 s.
 */
export function brokenEndpoint(fault: Fault): Promise<Listening> {
  return listen((req, res) => {
    void handle(fault, req, res);
  });
}

async function handle(fault: Fault, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const header = req.headers['x-hub-signature-256'];
  if (fault === 'crash-without-signature' && header === undefined) {
    req.socket.destroy();
    return;
  }
  try {
    verifySignature(raw, typeof header === 'string' ? header : undefined, [BROKEN_APP_SECRET]);
    const envelope = parseEnvelope(raw);
    const { plaintext, aesKey, iv } = decryptRequest(envelope, [
      { id: 'test', key: businessPrivateKey },
    ]);
    const request = JSON.parse(plaintext.toString('utf8')) as { action?: string };
    const answer =
      request.action === 'ping'
        ? { data: { status: 'active' } }
        : { screen: 'START', data: { greeting: 'hello' } };
    if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    if (fault === 'json-in-clear') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(encryptResponse(answer, aesKey, iv));
  } catch (err) {
    const status = err instanceof EndpointError ? err.status : 400;
    const tagFailed = err instanceof EndpointError && /authentication/.test(err.message);
    res.writeHead(fault === 'bad-tag-500' && tagFailed ? 500 : status).end();
  }
}
