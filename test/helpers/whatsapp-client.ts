import type { KeyObject } from 'node:crypto';
import type { App } from '../../src/app/create-app';
import request from 'supertest';
import { openResponse } from '../../src/device/open-response';
import { sealRequest as seal, type SealedRequest } from '../../src/device/seal-request';
import { signBody } from '../../src/device/sign-body';
import { businessPublicKey } from './test-keys';

export interface FlowReply {
  status: number;
  contentType: string | undefined;
  /** The decrypted answer when the body was sealed, otherwise the parsed JSON error. */
  json: Record<string, unknown>;
  text: string;
}

export interface WhatsAppClientOptions {
  /** The app under test, or the base URL of a running server. */
  app: App | string;
  flow?: string;
  appSecret?: string;
  publicKey?: KeyObject;
}

export { openResponse, type SealedRequest };

/** Seals a decrypted request (JSON-encoded unless already text or bytes) under the test business key. */
export function sealRequest(
  payload: unknown,
  publicKey: KeyObject = businessPublicKey,
): SealedRequest {
  const plaintext =
    typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
  return seal(plaintext, publicKey);
}

export const sign = signBody;

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
