import type { Logger } from 'pino';
import type { MediaReader } from '../media/media-reader';
import type { FlowActionRequest } from '../protocol/parse-flow-request';
import type { Session } from '../sessions/session';
import { completeFlow, nextScreen, rejectFlowToken, screenWithError } from './answers';
import type { BaseContext, FlowDefinition, UntypedSpec } from './define-flow';

/** The one context object behind the typed views handlers see. */
export interface RuntimeContext extends BaseContext<UntypedSpec> {
  action: FlowActionRequest['action'];
  screen: string | undefined;
  data: Record<string, unknown>;
  showError(message: string, data?: Record<string, unknown>): ReturnType<typeof screenWithError>;
}

export interface ContextParts {
  data: Record<string, unknown>;
  subject: string | undefined;
  session: Session;
  log: Logger;
  media: MediaReader;
}

export function createContext(
  flow: FlowDefinition,
  request: FlowActionRequest,
  { data, subject, session, log, media }: ContextParts,
): RuntimeContext {
  return {
    flow: flow.name,
    action: request.action,
    screen: request.screen,
    data,
    flowToken: request.flow_token,
    subject,
    session,
    version: request.version ?? '3.0',
    log,
    media,
    next: nextScreen,
    showError(message, screenData) {
      if (request.screen === undefined) {
        throw new Error('showError needs a screen; this request came from none (INIT)');
      }
      return screenWithError(request.screen, message, screenData);
    },
    complete: completeFlow,
    rejectToken: (message = flow.tokenInvalidMessage) => rejectFlowToken(message),
  };
}
