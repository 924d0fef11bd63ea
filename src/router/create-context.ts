import type { Logger } from 'pino';
import type { FlowActionRequest } from '../protocol/parse-flow-request';
import { completeFlow, nextScreen, rejectFlowToken, screenWithError } from './answers';
import type { FlowContext, FlowDefinition } from './define-flow';

export function createContext(
  flow: FlowDefinition,
  request: FlowActionRequest,
  log: Logger,
): FlowContext {
  return {
    flow: flow.name,
    action: request.action,
    screen: request.screen,
    data: request.data,
    flowToken: request.flow_token,
    version: request.version ?? '3.0',
    log,
    next: nextScreen,
    showError(message, data, screen = request.screen) {
      if (screen === undefined) {
        throw new Error('showError needs a screen when the request came from none (INIT)');
      }
      return screenWithError(screen, message, data);
    },
    complete: completeFlow,
    rejectToken: (message = flow.tokenInvalidMessage) => rejectFlowToken(message),
  };
}
