import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { businessPublicKey } from './test-keys';

export interface SealedRequest {
  /** The JSON envelope exactly as posted. */
  body: string;
  aesKey: Buffer;
  iv: Buffer;
}

export interface FlowReply {
  status: number;
  contentType: string | undefined;
  /** The decrypted answer when the body was sealed, otherwise the parsed JSON error. */
  json: Record<string, unknown>;
  text: string;
}

export interface WhatsAppClientOptions {
  /** The app under test, or the base URL of a running server. */
  app: Express | string;
  flow?: string;
  appSecret?: string;
  publicKey?: KeyObject;
}

/** Seals a request as WhatsApp does: fresh AES-128 key and IV, key wrapped with RSA-OAEP-SHA256. */
export function sealRequest(
  payload: unknown,
  publicKey: KeyObject = businessPublicKey,
): SealedRequest {
  const aesKey = randomBytes(16);
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-gcm', aesKey, iv);
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const wrappedKey = publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    aesKey,
  );
  const body = JSON.stringify({
    encrypted_flow_data: sealed.toString('base64'),
    encrypted_aes_key: wrappedKey.toString('base64'),
    initial_vector: iv.toString('base64'),
  });
  return { body, aesKey, iv };
}

/** Opens an answer the way the device does: same key, inverted IV. */
export function openResponse(base64: string, aesKey: Buffer, iv: Buffer): unknown {
  const data = Buffer.from(base64, 'base64');
  const flipped = Buffer.from(iv.map((byte) => byte ^ 0xff));
  const decipher = createDecipheriv('aes-128-gcm', aesKey, flipped);
  decipher.setAuthTag(data.subarray(data.length - 16));
  const plain = Buffer.concat([
    decipher.update(data.subarray(0, data.length - 16)),
    decipher.final(),
  ]);
  return JSON.parse(plain.toString('utf8'));
}

export function sign(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * A fake WhatsApp client: `send({action: 'data_exchange', screen, data, flow_token})` seals,
 * signs, posts and opens the answer.
 */
export function createWhatsAppClient(options: WhatsAppClientOptions) {
  const { app, flow = 'book-appointment', appSecret = 'test-app-secret' } = options;
  const path = `/flows/${flow}`;

  async function post(
    body: string | Buffer,
    headers: Record<string, string | undefined> = {},
  ): Promise<request.Response> {
    let req = request(app).post(path).set('Content-Type', 'application/json');
    const all: Record<string, string | undefined> = {
      'X-Hub-Signature-256': sign(body, appSecret),
      ...headers,
    };
    for (const [name, value] of Object.entries(all)) {
      if (value !== undefined) req = req.set(name, value);
    }
    return req.send(body);
  }

  async function sendSealed(
    sealed: SealedRequest,
    headers?: Record<string, string | undefined>,
  ): Promise<FlowReply> {
    const res = await post(sealed.body, headers);
    const contentType = res.headers['content-type'] as string | undefined;
    const sealedAnswer = contentType?.startsWith('text/plain') ?? false;
    const json = sealedAnswer
      ? (openResponse(res.text, sealed.aesKey, sealed.iv) as Record<string, unknown>)
      : ((res.body ?? {}) as Record<string, unknown>);
    return { status: res.status, contentType, json, text: res.text };
  }

  return {
    path,
    post,
    sendSealed,
    /** Seal, sign, send and open one decrypted request. */
    send: (payload: unknown, headers?: Record<string, string | undefined>) =>
      sendSealed(sealRequest(payload, options.publicKey), headers),
  };
}

export type WhatsAppClient = ReturnType<typeof createWhatsAppClient>;
