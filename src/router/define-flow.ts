import type { Logger } from 'pino';
import type { FlowAnswer } from './answers';

export type HandlerAction = 'INIT' | 'BACK' | 'data_exchange';

/** Everything a handler may know of the request; it never sees the HTTP request itself. */
export interface FlowContext {
  flow: string;
  action: HandlerAction;
  /** The screen the request came from; absent on INIT. */
  screen: string | undefined;
  data: Record<string, unknown>;
  flowToken: string;
  version: string;
  log: Logger;
  /** Go to `screen` with `data`. */
  next(screen: string, data?: Record<string, unknown>): FlowAnswer;
  /** Show `message` on the current screen (or on `screen`), with `data` for that screen. */
  showError(message: string, data?: Record<string, unknown>, screen?: string): FlowAnswer;
  /** Close the flow; `flow_token` is added to the params. */
  complete(params?: Record<string, unknown>): FlowAnswer;
  /** Answer 427: the token can no longer be used, and the user sees `message`. */
  rejectToken(message?: string): FlowAnswer;
}

export type Handler = (ctx: FlowContext) => FlowAnswer | Promise<FlowAnswer>;

export interface ScreenHandlers {
  data_exchange?: Handler;
  BACK?: Handler;
}

export interface ErrorNotification {
  flowToken: string;
  action: HandlerAction;
  screen: string | undefined;
  errorKey: string;
  errorMessage: string | undefined;
}

export interface FlowDefinition {
  /** URL segment: served at POST /flows/<name>. */
  name: string;
  /** Message shown when a token is rejected without one of its own. */
  tokenInvalidMessage?: string;
  INIT?: Handler;
  /** BACK on a screen without its own BACK handler. */
  BACK?: Handler;
  screens?: Record<string, ScreenHandlers>;
  /** Called after the framework has acknowledged a device error notification. */
  onErrorNotification?: (notification: ErrorNotification, log: Logger) => void | Promise<void>;
}

const FLOW_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function defineFlow<T extends FlowDefinition>(definition: T): T {
  if (!FLOW_NAME.test(definition.name)) {
    throw new Error(
      `flow name "${definition.name}" must be lower-case letters, digits and dashes (it is a URL path)`,
    );
  }
  return definition;
}
