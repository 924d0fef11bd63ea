import { FlowTokenInvalidError } from '../errors/flow-token-invalid-error';
import type { RequestContext } from '../logging/request-context';
import type { FlowActionRequest } from '../protocol/parse-flow-request';
import { checkFlowToken, type AdmittedToken } from '../tokens/check-flow-token';
import { findCompletion } from '../tokens/completion-record';
import { requestHash } from '../tokens/request-hash';
import { tokenKey } from '../tokens/token-key';
import { verifyTokenSignature } from '../tokens/verify-token-signature';
import type { FlowDefinition } from '../flow-definition/define-flow';
import type { FlowRuntime } from './flow-runtime';

export interface Admission extends AdmittedToken {
  key: string;
  singleUse: boolean;
  /** The stored completion's params, when this request is WhatsApp resending the one that completed. */
  replay?: Record<string, unknown>;
}

/**
 * Lets a request through to its handler only with a token good for this flow: a valid
 * `flow_token_signature` when sent (else 432), a valid token (else 427), and for single-use flows
 * no completion yet — except the very request that completed, which is answered again.
 */
export async function admitToken(
  flow: FlowDefinition,
  request: FlowActionRequest,
  runtime: FlowRuntime,
  context: RequestContext,
): Promise<Admission> {
  const admitted = await checkToken(flow, request, runtime);
  const key = tokenKey(request.flow_token);
  const singleUse = flow.tokens?.singleUse !== false;
  if (!singleUse) return { ...admitted, key, singleUse };

  const completion = await findCompletion(runtime.store, key, context);
  if (!completion) return { ...admitted, key, singleUse };
  if (completion.requestHash !== requestHash(request.action, request.screen, request.data)) {
    throw new FlowTokenInvalidError(undefined, 'used after the flow completed');
  }
  context.log.info('resent completion answered again');
  return { ...admitted, key, singleUse, replay: completion.params };
}

/** The token alone: its `flow_token_signature` when sent, then the token for this flow and tenant. */
export async function checkToken(
  flow: FlowDefinition,
  request: FlowActionRequest,
  runtime: FlowRuntime,
): Promise<AdmittedToken> {
  // Without an app secret (development, or signatures off) there is nothing to check it with.
  if (request.flow_token_signature !== undefined && runtime.appSecrets.length > 0) {
    verifyTokenSignature(
      request.flow_token_signature,
      request.flow_token,
      runtime.appSecrets,
      runtime.now(),
    );
  }
  return await checkFlowToken(
    flow,
    request.flow_token,
    runtime.tokens,
    runtime.now(),
    runtime.tenant.tokenClaim,
  );
}
