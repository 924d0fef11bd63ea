import type { Logger } from 'pino';
import { EndpointError } from '../errors/endpoint-error';
import { FlowTokenInvalidError } from '../errors/flow-token-invalid-error';
import type { FlowRequest } from '../protocol/parse-flow-request';
import { rejectFlowToken } from './answers';
import { createContext } from './create-context';
import type { FlowDefinition } from './define-flow';
import { findErrorNotification } from './find-error-notification';
import { findHandler } from './find-handler';
import { renderAnswer, type RenderedAnswer } from './render-answer';

const PING_ANSWER: RenderedAnswer = { status: 200, payload: { data: { status: 'active' } } };
const ACKNOWLEDGED: RenderedAnswer = { status: 200, payload: { data: { acknowledged: true } } };

/** Protocol chores first (ping, error notifications), then the flow's handler. */
export async function dispatch(
  flow: FlowDefinition,
  request: FlowRequest,
  log: Logger,
): Promise<RenderedAnswer> {
  if (request.action === 'ping') return PING_ANSWER;

  const notification = findErrorNotification(request);
  if (notification) {
    log.warn(
      { errorKey: notification.errorKey, screen: notification.screen },
      'device reported an invalid answer',
    );
    try {
      await flow.onErrorNotification?.(notification, log);
    } catch (err) {
      log.error({ err }, 'onErrorNotification hook failed');
    }
    return ACKNOWLEDGED;
  }

  const handler = findHandler(flow, request);
  if (!handler) {
    throw new EndpointError(
      'internal',
      `no ${request.action} handler for screen ${request.screen ?? '(none)'} of flow ${flow.name}`,
    );
  }

  try {
    const answer = await handler(createContext(flow, request, log));
    return renderAnswer(answer, request.flow_token);
  } catch (err) {
    if (err instanceof FlowTokenInvalidError) {
      return renderAnswer(
        rejectFlowToken(err.userMessage ?? flow.tokenInvalidMessage),
        request.flow_token,
      );
    }
    log.error({ err }, 'handler failed');
    throw new EndpointError('internal', 'handler failed', { cause: err });
  }
}
