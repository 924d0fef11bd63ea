import { decryptRequest } from '../crypto/decrypt-request';
import { encryptResponse } from '../crypto/encrypt-response';
import { verifySignature } from '../crypto/verify-signature';
import type { RequestContext } from '../logging/request-context';
import { parseEnvelope } from '../protocol/parse-envelope';
import { parseFlowRequest } from '../protocol/parse-flow-request';
import { tokenRef } from '../tokens/token-ref';
import { dispatch } from './dispatch';
import type { FlowRuntime } from './flow-runtime';
import type { LoadedFlow } from './load-flow';

export interface FlowRequestInput {
  rawBody: Buffer;
  signature: string | undefined;
}

export interface SealedAnswer {
  status: number;
  body: string;
}

/**
 * The request path as a line of small steps. Failures are EndpointErrors thrown before an AES key
 * is known (sent in clear by the HTTP layer) or by the dispatcher (a 500). What is learnt on the
 * way (key, action, screen, token reference) goes on the request's log fields.
 */
export async function handleFlowRequest(
  input: FlowRequestInput,
  flow: LoadedFlow,
  runtime: FlowRuntime,
  context: RequestContext,
): Promise<SealedAnswer> {
  if (runtime.appSecrets.length > 0) {
    verifySignature(input.rawBody, input.signature, runtime.appSecrets);
  }
  const envelope = parseEnvelope(input.rawBody);
  const { plaintext, aesKey, iv, keyId } = decryptRequest(envelope, runtime.privateKeys);
  // By key for the default tenant's rotation; a key per stored tenant would make a series each.
  if (runtime.tenant.tokenClaim === undefined) runtime.observer.decryptedWith(keyId);
  context.fields.key = keyId;
  const request = parseFlowRequest(plaintext);

  context.fields.action = request.action;
  if (request.action !== 'ping') {
    context.fields.screen = request.screen;
    context.fields.token = tokenRef(request.flow_token);
  }
  const answer = await dispatch(flow, request, runtime, context);
  return { status: answer.status, body: encryptResponse(answer.payload, aesKey, iv) };
}
