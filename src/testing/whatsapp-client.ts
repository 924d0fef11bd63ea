import type { KeyObject } from 'node:crypto';
import { createServer, request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { App } from '../app/create-app';
import { openResponse } from '../device/open-response';
import { sealRequest as seal, type SealedRequest } from '../device/seal-request';
import { signBody } from '../device/sign-body';

export interface FlowReply {
  status: number;
  contentType: string | undefined;
  /** The decrypted answer when the body was sealed, otherwise the parsed JSON error. */
  json: Record<string, unknown>;
  text: string;
}

/** An HTTP answer as it arrived. */
export interface RawReply {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
  /** The parsed JSON body, or {} when it is not JSON. */
  body: Record<string, unknown>;
}

export interface WhatsAppClientOptions {
  /** The app under test, or the base URL of a running server. */
  app: App | string;
  flow: string;
  /** Where the flow is served: `/flows/<flow>` unless given (`/t/<tenant>/flows/<flow>`, say). */
  path?: string;
  appSecret: string;
  /** The business's public key, which WhatsApp seals requests with. */
  publicKey: KeyObject;
}

export { openResponse, type SealedRequest };

/** Seals a decrypted request (JSON-encoded unless already text or bytes) under `publicKey`. */
export function sealRequest(payload: unknown, publicKey: KeyObject): SealedRequest {
  const plaintext =
    typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
  return seal(plaintext, publicKey);
}

export const sign = signBody;

/** POSTs to a URL, or to an app served on a loopback port of its own for this one request. */
async function postTo(
  app: App | string,
  path: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<RawReply> {
  if (typeof app === 'string') return fetchReply(new URL(path, app), body, headers);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await fetchReply(new URL(path, `http://127.0.0.1:${port}`), body, headers);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/**
 * One POST on a connection of its own, through node:http: fetch would send a request answered 421
 * again on a new connection (as HTTP allows), and the endpoint would count it twice.
 */
function fetchReply(
  url: URL,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : request;
    const req = send(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = {};
        try {
          parsed = JSON.parse(text);
        } catch {
          // Not JSON: a sealed answer or a plain error text; `text` holds it.
        }
        const isRecord = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
        const flat = Object.entries(res.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(', ') : (value ?? ''),
        ]);
        resolve({
          status: res.statusCode ?? 0,
          headers: Object.fromEntries(flat) as Record<string, string>,
          text,
          body: isRecord ? (parsed as Record<string, unknown>) : {},
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A fake WhatsApp client: `send({action: 'data_exchange', screen, data, flow_token})` seals,
 * signs, posts and opens the answer.
 */
export function createWhatsAppClient(options: WhatsAppClientOptions) {
  const { app, flow, appSecret } = options;
  const path = options.path ?? `/flows/${flow}`;

  async function post(
    body: string | Buffer,
    headers: Record<string, string | undefined> = {},
  ): Promise<RawReply> {
    const all: Record<string, string | undefined> = {
      'Content-Type': 'application/json',
      'X-Hub-Signature-256': sign(body, appSecret),
      ...headers,
    };
    const given = Object.entries(all).filter((entry): entry is [string, string] => !!entry[1]);
    return postTo(app, path, body, Object.fromEntries(given));
  }

  async function sendSealed(
    sealed: SealedRequest,
    headers?: Record<string, string | undefined>,
  ): Promise<FlowReply> {
    const res = await post(sealed.body, headers);
    const contentType = res.headers['content-type'];
    const sealedAnswer = contentType?.startsWith('text/plain') ?? false;
    const json = sealedAnswer
      ? (openResponse(res.text, sealed.aesKey, sealed.iv) as Record<string, unknown>)
      : res.body;
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
