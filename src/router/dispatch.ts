import type { Logger } from 'pino';
import { EndpointError } from '../errors/endpoint-error';
import { FlowTokenInvalidError } from '../errors/flow-token-invalid-error';
import type { FlowRequest } from '../protocol/parse-flow-request';
import { rejectFlowToken, type FlowAnswer } from './answers';
import { checkHandlerAnswer } from './check-handler-answer';
import { createContext } from './create-context';
import { findErrorNotification } from './find-error-notification';
import { findHandler } from './find-handler';
import type { LoadedFlow } from './load-flow';
import { parseExchangeData } from './parse-exchange-data';
import { renderAnswer, type RenderedAnswer } from './render-answer';
import type { AnswerValidation } from './validation-mode';

const PING_ANSWER: RenderedAnswer = { status: 200, payload: { data: { status: 'active' } } };
const ACKNOWLEDGED: RenderedAnswer = { status: 200, payload: { data: { acknowledged: true } } };

/** Protocol chores first (ping, error notifications), then the flow's handler. */
export async function dispatch(
  flow: LoadedFlow,
  request: FlowRequest,
  validation: AnswerValidation,
  log: Logger,
): Promise<RenderedAnswer> {
  if (request.action === 'ping') return PING_ANSWER;
  const { definition } = flow;

  const notification = findErrorNotification(request);
  if (notification) {
    log.warn(
      { errorKey: notification.errorKey, screen: notification.screen },
      'device reported an invalid answer',
    );
    try {
      await definition.onErrorNotification?.(notification, log);
    } catch (err) {
      log.error({ err }, 'onErrorNotification hook failed');
    }
    return ACKNOWLEDGED;
  }

  const handler = findHandler(definition, request);
  if (!handler) {
    throw new EndpointError(
      'internal',
      `no ${request.action} handler for screen ${request.screen ?? '(none)'} of flow ${definition.name}`,
    );
  }

  const input = parseExchangeData(
    request,
    request.screen ? flow.inputs.get(request.screen) : undefined,
  );
  let answer: FlowAnswer;
  if (!input.ok) {
    log.info('input did not match the screen schema; user asked to correct it');
    answer = input.answer;
  } else {
    try {
      answer = await handler(createContext(definition, request, input.data, log));
    } catch (err) {
      if (err instanceof FlowTokenInvalidError) {
        return renderAnswer(
          rejectFlowToken(err.userMessage ?? definition.tokenInvalidMessage),
          request.flow_token,
        );
      }
      log.error({ err }, 'handler failed');
      throw new EndpointError('internal', 'handler failed', { cause: err });
    }
  }
  checkHandlerAnswer(answer, request, flow.contract, validation, definition.name, log);
  return renderAnswer(answer, request.flow_token);
}
