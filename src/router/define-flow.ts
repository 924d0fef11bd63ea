import type { Logger } from 'pino';
import type { z } from 'zod';
import type { MediaReader } from '../media/media-reader';
import type { Session } from '../sessions/session';
import type { TokenCheck } from '../tokens/token-policy';
import type { FlowAnswer } from './answers';

export type HandlerAction = 'INIT' | 'BACK' | 'data_exchange';

/**
 * What a flow's generated types (`npm run flows -- types`) describe: each screen's declared data,
 * what each screen's data_exchange actions send, and what its complete actions send.
 */
export interface FlowSpec {
  screens: object;
  exchanges: object;
  completion?: object;
}

/** A flow without generated types: any screen, any data. */
export interface UntypedSpec {
  screens: Record<string, Record<string, unknown>>;
  exchanges: Record<string, Record<string, unknown>>;
}

export type ScreenId<Spec extends FlowSpec> = keyof Spec['screens'] & string;
export type ExchangeScreen<Spec extends FlowSpec> = keyof Spec['exchanges'] & ScreenId<Spec>;

/** A screen's data; every answer may add an error_message for the snackbar. */
export type ScreenData<Spec extends FlowSpec, S extends ScreenId<Spec>> = Spec['screens'][S] & {
  error_message?: string;
};

export type ExchangeData<
  Spec extends FlowSpec,
  S extends ExchangeScreen<Spec>,
> = Spec['exchanges'][S];

/** Everything a handler may know of the request; it never sees the HTTP request itself. */
export interface BaseContext<Spec extends FlowSpec> {
  flow: string;
  flowToken: string;
  /** What the token was issued for (a phone number, an order id), when it says. */
  subject: string | undefined;
  version: string;
  /** State kept per flow token across requests (and BACK, and restarts); cleared on completion. */
  session: Session;
  /** Carries request id, flow, action and screen. Never log `data`: it is personal. */
  log: Logger;
  /** Reads PhotoPicker / DocumentPicker files: downloaded, verified and decrypted; failures are MediaErrors. */
  media: MediaReader;
  /** Go to `screen` with the data it declares. */
  next<S extends ScreenId<Spec>>(screen: S, data: ScreenData<Spec, S>): FlowAnswer;
  /** Close the flow; `flow_token` is added to the params. */
  complete(params?: Record<string, unknown>): FlowAnswer;
  /** Answer 427: the token can no longer be used, and the user sees `message`. */
  rejectToken(message?: string): FlowAnswer;
}

export interface InitContext<Spec extends FlowSpec> extends BaseContext<Spec> {
  action: 'INIT';
  screen: undefined;
  data: Record<string, unknown>;
}

export interface ExchangeContext<
  Spec extends FlowSpec,
  S extends ExchangeScreen<Spec>,
> extends BaseContext<Spec> {
  action: 'data_exchange';
  screen: S;
  /** Already parsed by the schema derived from flow.json (and the screen's `input`, if any). */
  data: ExchangeData<Spec, S>;
  /** Stay on this screen and show `message`; the device keeps the screen's data. */
  showError(message: string, data?: Partial<ScreenData<Spec, S>>): FlowAnswer;
}

export interface BackContext<Spec extends FlowSpec> extends BaseContext<Spec> {
  action: 'BACK';
  screen: string | undefined;
  /** BACK never carries a form payload. */
  data: Record<string, unknown>;
}

type Answer = FlowAnswer | Promise<FlowAnswer>;

/** The params of a completion: typed from flow.json's complete actions, any params otherwise. */
export type CompletionParams<Spec extends FlowSpec> = Spec extends { completion: infer C }
  ? C
  : Record<string, unknown>;

/** A finished Flow, as the messages webhook delivered it (recorded before this is called). */
export interface CompletionContext<Spec extends FlowSpec> {
  flow: string;
  /** WhatsApp's id of the reply: the same on every redelivery. */
  messageId: string;
  /** The user's WhatsApp number. Personal: never log it. */
  from: string | undefined;
  /** What the flow token was issued for, when it says. */
  subject: string | undefined;
  /** Already checked against flow.json's complete actions. Personal: never log it. */
  params: CompletionParams<Spec>;
  receivedAt: Date;
  /** By the reply's flow_token, or (clients that omit it) by the sent message it answers. */
  matchedBy: 'flow_token' | 'context';
  log: Logger;
}

export interface ScreenHandlers<Spec extends FlowSpec, S extends ExchangeScreen<Spec>> {
  /**
   * Rules flow.json cannot express (an email format, say), applied to what the schema derived from
   * flow.json has parsed. A failed parse returns the user to the screen with the first issue's message.
   */
  input?: z.ZodType<ExchangeData<Spec, S>, unknown>;
  data_exchange?(ctx: ExchangeContext<Spec, S>): Answer;
  BACK?(ctx: BackContext<Spec>): Answer;
}

export interface ErrorNotification {
  flowToken: string;
  action: HandlerAction;
  screen: string | undefined;
  errorKey: string;
  errorMessage: string | undefined;
}

export interface TypedFlowDefinition<Spec extends FlowSpec> {
  /** URL segment: served at POST /flows/<name>. */
  name: string;
  /** The flow's Flow JSON: checked at start-up, the contract every answer is checked against. */
  flowJson?: unknown;
  /**
   * What the Flow is for, in Meta's categories (APPOINTMENT_BOOKING, SIGN_UP, …): `flows deploy`
   * creates the Flow with them; OTHER when unset.
   */
  categories?: readonly string[];
  /** Message shown when a token is rejected without one of its own. */
  tokenInvalidMessage?: string;
  tokens?: {
    /** A token is refused (427) once its flow completed; on by default. */
    singleUse?: boolean;
    /** Replaces the signed-token check, for businesses that issue their own tokens. */
    verify?(flowToken: string): TokenCheck | Promise<TokenCheck>;
  };
  INIT?(ctx: InitContext<Spec>): Answer;
  /** BACK on a screen without its own BACK handler. */
  BACK?(ctx: BackContext<Spec>): Answer;
  screens?: { [S in ExchangeScreen<Spec>]?: ScreenHandlers<Spec, S> } & {
    [S in Exclude<ScreenId<Spec>, ExchangeScreen<Spec>>]?: {
      BACK?(ctx: BackContext<Spec>): Answer;
    };
  };
  /**
   * Called once per completion delivered to POST /webhooks/whatsapp, after it is recorded; retried
   * when it throws. A flow that completes on-device needs no other handler.
   */
  onComplete?(ctx: CompletionContext<Spec>): void | Promise<void>;
  /** Called after the framework has acknowledged a device error notification. */
  onErrorNotification?(notification: ErrorNotification, log: Logger): void | Promise<void>;
}

/** A flow as the framework sees it: handlers by name, data untyped. */
export type FlowDefinition = TypedFlowDefinition<UntypedSpec>;

const FLOW_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Declares a flow. With its generated types (`defineFlow<BookAppointmentFlow>({...})`) every
 * `ctx.next` is checked against flow.json at compile time.
 */
export function defineFlow<Spec extends FlowSpec = UntypedSpec>(
  definition: TypedFlowDefinition<Spec>,
): FlowDefinition {
  if (!FLOW_NAME.test(definition.name)) {
    throw new Error(
      `flow name "${definition.name}" must be lower-case letters, digits and dashes (it is a URL path)`,
    );
  }
  // The typed view only exists at the call site; at run time the handlers are the same functions.
  return definition as unknown as FlowDefinition;
}
