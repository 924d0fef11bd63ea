import type { RequestContext } from '../logging/request-context';
import type { MediaReader } from '../media/media-reader';
import type { FlowActionRequest } from '../protocol/parse-flow-request';
import type { Session } from '../sessions/session';
import type { Store } from '../store/store';
import {
  completeFlow,
  nextScreen,
  rejectFlowToken,
  screenWithError,
} from '../flow-definition/answers';
import type {
  BaseContext,
  FlowDefinition,
  TenantContext,
  UntypedSpec,
} from '../flow-definition/define-flow';

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
  /** The request's: its logger is made only if the handler logs. */
  context: RequestContext;
  media: MediaReader;
  tenant: TenantContext;
  /** The tenant's view of the store. */
  store: Store;
}

/**
 * The context as a class: its lazy `log` is a getter on the prototype, where an object literal
 * with a getter costs several times as much to build on every request. The helpers stay own
 * properties, so a handler may take them off the context.
 */
class HandlerContext implements RuntimeContext {
  readonly flow: string;
  readonly action: FlowActionRequest['action'];
  readonly screen: string | undefined;
  readonly flowToken: string;
  readonly version: string;
  readonly next = nextScreen;
  readonly complete = completeFlow;
  readonly showError: RuntimeContext['showError'];
  readonly rejectToken: RuntimeContext['rejectToken'];
  readonly data: Record<string, unknown>;
  readonly subject: string | undefined;
  readonly session: Session;
  readonly media: MediaReader;
  readonly tenant: TenantContext;
  readonly store: Store;
  readonly #context: RequestContext;

  constructor(flow: FlowDefinition, request: FlowActionRequest, parts: ContextParts) {
    this.flow = flow.name;
    this.action = request.action;
    this.screen = request.screen;
    this.flowToken = request.flow_token;
    this.version = request.version ?? '3.0';
    this.data = parts.data;
    this.subject = parts.subject;
    this.session = parts.session;
    this.media = parts.media;
    this.tenant = parts.tenant;
    this.store = parts.store;
    this.#context = parts.context;
    this.showError = (message, screenData) => {
      if (request.screen === undefined) {
        throw new Error('showError needs a screen; this request came from none (INIT)');
      }
      return screenWithError(request.screen, message, screenData);
    };
    this.rejectToken = (message = flow.tokenInvalidMessage) => rejectFlowToken(message);
  }

  get log() {
    return this.#context.log;
  }
}

export function createContext(
  flow: FlowDefinition,
  request: FlowActionRequest,
  parts: ContextParts,
): RuntimeContext {
  return new HandlerContext(flow, request, parts);
}
