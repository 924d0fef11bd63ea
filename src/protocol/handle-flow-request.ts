import type { Logger } from 'pino';
import { decryptRequest } from '../crypto/decrypt-request';
import { encryptResponse } from '../crypto/encrypt-response';
import { verifySignature } from '../crypto/verify-signature';
import { lazyLogger } from '../logging/lazy-logger';
import { tokenRef } from '../logging/token-ref';
import { dispatch } from '../router/dispatch';
import type { LoadedFlow } from '../router/load-flow';
import type { FlowRuntime } from '../router/flow-runtime';
import { parseEnvelope } from './parse-envelope';
import { parseFlowRequest } from './parse-flow-request';

export interface FlowRequestInput {
  rawBody: Buffer;
  signature: string | undefined;
}

/** What the request log line may carry: never data, never a whole flow token. */
export interface RequestLogFields {
  flow: string;
  action?: string;
  screen?: string;
  token?: string;
  /** Fingerprint of the private key that opened the request. */
  key?: string;
}

export interface SealedAnswer {
  status: number;
  body: string;
}

/**
 * The request path as a line of small steps. Failures are EndpointErrors thrown before an AES key
 * is known (sent in clear by the adapter) or by the dispatcher (a 500).
 */
export async function handleFlowRequest(
  input: FlowRequestInput,
  flow: LoadedFlow,
  runtime: FlowRuntime,
  log: Logger,
  logFields: RequestLogFields,
): Promise<SealedAnswer> {
  if (runtime.appSecrets.length > 0) {
    verifySignature(input.rawBody, input.signature, runtime.appSecrets);
  }
  const envelope = parseEnvelope(input.rawBody);
  const { plaintext, aesKey, iv, keyId } = decryptRequest(envelope, runtime.privateKeys);
  runtime.observer.decryptedWith(keyId);
  logFields.key = keyId;
  const request = parseFlowRequest(plaintext);

  logFields.action = request.action;
  if (request.action !== 'ping') {
    logFields.screen = request.screen;
    logFields.token = tokenRef(request.flow_token);
  }
  const requestLog = lazyLogger(() => log.child({ ...logFields }));
  const answer = await dispatch(flow, request, runtime, requestLog);
  return { status: answer.status, body: encryptResponse(answer.payload, aesKey, iv) };
}
