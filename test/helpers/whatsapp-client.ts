import type { KeyObject } from 'node:crypto';
import {
  createWhatsAppClient as createClient,
  sealRequest as sealUnder,
  type SealedRequest,
  type WhatsAppClientOptions,
} from '../../src/testing/whatsapp-client';
import { businessPublicKey } from './test-keys';

export {
  openResponse,
  sign,
  type FlowReply,
  type SealedRequest,
  type WhatsAppClient,
} from '../../src/testing/whatsapp-client';

/** The test kit's client, sealing under the fixture business key unless told otherwise. */
export const createWhatsAppClient = (
  options: Partial<WhatsAppClientOptions> & Pick<WhatsAppClientOptions, 'app'>,
) =>
  createClient({
    flow: 'book-appointment',
    appSecret: 'test-app-secret',
    publicKey: businessPublicKey,
    ...options,
  });

/** Seals under the fixture business key unless told otherwise. */
export const sealRequest = (
  payload: unknown,
  publicKey: KeyObject = businessPublicKey,
): SealedRequest => sealUnder(payload, publicKey);
