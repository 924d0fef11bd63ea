import { z } from 'zod';
import type { Envelope } from '../crypto/decrypt-request';
import { EndpointError } from '../errors/endpoint-error';
import { parseJson } from './parse-json';

const envelopeSchema: z.ZodType<Envelope> = z.object({
  encrypted_flow_data: z.string(),
  encrypted_aes_key: z.string(),
  initial_vector: z.string(),
});

export type { Envelope };

/** The outer, unencrypted body WhatsApp posts. */
export function parseEnvelope(rawBody: Buffer): Envelope {
  const json = parseJson(rawBody.toString('utf8'));
  if (!json.ok) throw new EndpointError('bad_request', 'request body is not JSON');
  const envelope = envelopeSchema.safeParse(json.value);
  if (!envelope.success) {
    const fields = [
      ...new Set(envelope.error.issues.map((issue) => issue.path.join('.') || '(body)')),
    ];
    throw new EndpointError(
      'bad_request',
      `envelope field missing or not a string: ${fields.join(', ')}`,
    );
  }
  return envelope.data;
}
