import { z } from 'zod';
import { EndpointError } from '../errors/endpoint-error';
import { isRecord } from '../util/is-record';
import { exceedsDepth } from './exceeds-depth';
import { parseJson } from './parse-json';

/** No Flow sends deeper data; deeper would only strain the recursive checks that follow. */
const MAX_DEPTH = 32;

/** The request actions a flow's handlers answer (ping is the framework's); case-sensitive. */
const HANDLER_ACTIONS = ['INIT', 'BACK', 'data_exchange'] as const;
export type HandlerAction = (typeof HANDLER_ACTIONS)[number];

const dataSchema = z.record(z.string(), z.unknown());

const pingSchema = z.object({
  action: z.literal('ping'),
  version: z.coerce.string().optional(),
});

// Plain fields only: the normalising below costs a fraction of zod's transform pipes, and the
// action picks the schema, as a discriminated union would, for less.
const flowActionSchema = z.object({
  action: z.enum(HANDLER_ACTIONS),
  version: z.coerce.string().optional(),
  flow_token: z.string().min(1),
  screen: z.string().optional(),
  data: dataSchema.nullish(),
  flow_token_signature: z.string().optional(),
});

export type FlowActionRequest = Omit<z.infer<typeof flowActionSchema>, 'data'> & {
  data: Record<string, unknown>;
};
export type FlowRequest = z.infer<typeof pingSchema> | FlowActionRequest;

/** The decrypted request: JSON with a valid action, and a flow token for every action but ping. */
export function parseFlowRequest(plaintext: Buffer): FlowRequest {
  const json = parseJson(plaintext.toString('utf8'));
  if (!json.ok) throw new EndpointError('bad_request', 'decrypted request is not JSON');
  if (exceedsDepth(json.value, MAX_DEPTH)) {
    throw new EndpointError(
      'bad_request',
      `decrypted request nests deeper than ${MAX_DEPTH} levels`,
    );
  }
  const action = isRecord(json.value) ? json.value.action : undefined;
  const request = (action === 'ping' ? pingSchema : flowActionSchema).safeParse(json.value);
  if (!request.success) {
    const issue = request.error.issues[0];
    const where = issue?.path.join('.') || 'action';
    throw new EndpointError('bad_request', `decrypted request invalid at ${where}`);
  }
  const parsed = request.data;
  if (parsed.action === 'ping') return parsed;
  // INIT may come with an empty screen and data; both are normalised to "absent".
  return { ...parsed, screen: parsed.screen || undefined, data: parsed.data ?? {} };
}
