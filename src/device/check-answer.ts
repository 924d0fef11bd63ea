import { checkAnswer, type AnswerProblem } from '../contract/check-answer';
import type { FlowContract } from '../contract/flow-contract';
import { isRecord } from '../util/is-record';

/**
 * The keys the device reports in an error notification when it rejects an answer (Meta's
 * "Error codes" page lists both as propagated to the endpoint).
 */
export type DeviceErrorKey = 'invalid-screen-transition' | 'payload-schema-error';

/** The request the answer is for, as the device sent it (decrypted). */
export interface SentRequest {
  action: 'INIT' | 'BACK' | 'data_exchange' | 'ping';
  screen?: string;
  flow_token?: string;
  /** True for an error notification: the answer must acknowledge it. */
  notification?: boolean;
}

export type DeviceVerdict =
  | { ok: true; screen?: string; data: Record<string, unknown> }
  | { ok: false; errorKey: DeviceErrorKey; problems: AnswerProblem[] };

/**
 * Would the device accept this decrypted answer? The screen must exist and the move be allowed by
 * `routing_model` (else `invalid-screen-transition`); the data must match the screen's
 * declaration, `SUCCESS` must carry the flow token, a ping must be answered `active` and a
 * notification acknowledged (else `payload-schema-error`). The screen and data checks are the
 * server's own contract checks (src/contract), so the endpoint and its tests agree.
 */
export function checkDeviceAnswer(
  contract: FlowContract | undefined,
  request: SentRequest,
  answer: unknown,
): DeviceVerdict {
  if (!isRecord(answer)) return schemaError('(answer)', 'the answer is not a JSON object');
  const { screen, data } = answer;
  if (!isRecord(data)) return schemaError('(answer)', 'the answer has no "data" object');

  if (request.action === 'ping') {
    return data.status === 'active'
      ? { ok: true, data }
      : schemaError('(ping)', 'a health check must be answered {"data":{"status":"active"}}');
  }
  if (request.notification) {
    return data.acknowledged === true
      ? { ok: true, data }
      : schemaError(
          '(notification)',
          'an error notification must be answered {"data":{"acknowledged":true}}',
        );
  }
  if (typeof screen !== 'string') return schemaError('(answer)', 'the answer has no "screen"');
  if (screen === 'SUCCESS') {
    return checkSuccess(contract, { ...request, action: request.action }, data);
  }
  if (!contract) return { ok: true, screen, data };

  const problems = checkAnswer(contract, {
    action: request.action,
    from: request.screen,
    screen,
    data,
  });
  if (problems.length === 0) return { ok: true, screen, data };
  // The contract names a field for every data problem; a problem without one is about the screen.
  const transition = problems.filter((problem) => problem.field === undefined);
  return transition.length > 0
    ? { ok: false, errorKey: 'invalid-screen-transition', problems: transition }
    : { ok: false, errorKey: 'payload-schema-error', problems };
}

function checkSuccess(
  contract: FlowContract | undefined,
  request: SentRequest & { action: 'INIT' | 'BACK' | 'data_exchange' },
  data: Record<string, unknown>,
): DeviceVerdict {
  const problems = contract
    ? checkAnswer(contract, {
        action: request.action,
        from: request.screen,
        screen: 'SUCCESS',
        data,
      })
    : [];
  if (problems.length > 0) return { ok: false, errorKey: 'payload-schema-error', problems };
  const response = data.extension_message_response;
  const params = isRecord(response) ? response.params : undefined;
  if (!isRecord(params)) {
    return schemaError('SUCCESS', 'is missing', 'extension_message_response.params');
  }
  if (request.flow_token !== undefined && params.flow_token !== request.flow_token) {
    return schemaError(
      'SUCCESS',
      params.flow_token === undefined
        ? 'is missing: SUCCESS must carry the flow token'
        : 'is not the flow token of this flow',
      'extension_message_response.params.flow_token',
    );
  }
  return { ok: true, screen: 'SUCCESS', data };
}

function schemaError(screen: string, message: string, field?: string): DeviceVerdict {
  return {
    ok: false,
    errorKey: 'payload-schema-error',
    problems: [{ screen, message, ...(field !== undefined && { field }) }],
  };
}

/** One line per problem, as the simulator and explorer print them. */
export function describeProblem(problem: AnswerProblem): string {
  return `${problem.screen}${problem.field ? `.${problem.field}` : ''} ${problem.message}`;
}
