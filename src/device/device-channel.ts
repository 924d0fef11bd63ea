import type { KeyObject } from 'node:crypto';
import { openResponse } from './open-response';
import { postToEndpoint, type HttpExchange } from './post-to-endpoint';
import { sealRequest } from './seal-request';
import { signBody } from './sign-body';

/** An endpoint as WhatsApp reaches it: its URL, the business public key and the app secret. */
export interface DeviceChannel {
  url: string;
  publicKey: KeyObject;
  /** Without it requests go unsigned (a server in development accepts them). */
  appSecret?: string;
  timeoutMs?: number;
}

export interface SealedExchange extends HttpExchange {
  /** The decrypted answer, when the status is 200 and it opened. */
  answer?: unknown;
  /** Why a 200 answer did not open: what the device would count as response-decryption-error. */
  openError?: string;
}

const BASE64_TEXT = /^[A-Za-z0-9+/]+={0,2}$/;

/** Seals, signs and posts one decrypted request as WhatsApp does, and opens a 200 answer. */
export async function sendSealed(
  channel: DeviceChannel,
  payload: unknown,
  publicKey: KeyObject = channel.publicKey,
): Promise<SealedExchange> {
  const sealed = sealRequest(JSON.stringify(payload), publicKey);
  const headers: Record<string, string> = channel.appSecret
    ? { 'x-hub-signature-256': signBody(sealed.body, channel.appSecret) }
    : {};
  const exchange = await postToEndpoint(channel.url, sealed.body, headers, channel.timeoutMs);
  if (exchange.status !== 200) return exchange;
  return { ...exchange, ...openAnswer(exchange.text, sealed.aesKey, sealed.iv) };
}

/** Opens an answer body the way the device does, naming what is wrong with it when it does not. */
export function openAnswer(
  text: string,
  aesKey: Buffer,
  iv: Buffer,
): { answer: unknown } | { openError: string } {
  const body = text.trim();
  if (body.startsWith('{') || body.startsWith('[')) {
    return { openError: 'the answer is JSON in clear, not the Base64 of the encrypted answer' };
  }
  if (!BASE64_TEXT.test(body)) return { openError: 'the answer is not plain Base64 text' };
  try {
    return { answer: openResponse(body, aesKey, iv) };
  } catch (err) {
    return err instanceof SyntaxError
      ? { openError: 'the answer decrypts but is not JSON' }
      : {
          openError:
            'the answer does not decrypt with the request key and the inverted IV (AES-128-GCM)',
        };
  }
}
