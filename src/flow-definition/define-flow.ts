import type { Logger } from 'pino';
import type { z } from 'zod';
import type { MediaReader } from '../media/media-reader';
import type { HandlerAction } from '../protocol/parse-flow-request';
import type { Session } from '../sessions/session';
import type { Store } from '../store/store';
import type { TokenCheck } from '../tokens/token-policy';
import type { FlowAnswer } from './answers';

export type { HandlerAction };

/**
 * What a flow's generated types (`npm run flows -- types`) describe: each screen's declared data,
 * what each screen's data_exchange actions send, what its complete actions send, and which
 * screens have `refresh_on_back` (their ids, or never).
 */
export interface FlowSpec {
  screens: object;
  exchanges: object;
  completion?: object;
  refreshOnBack?: string;
  /** The tenant's settings for this flow: the output of the flow's `tenantSettings` schema. */
  settings?: object;
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

/** The named properties of a type, without its index signatures. */
type KnownProperties<O> = {
  [K in keyof O as string extends K ? never : number extends K ? never : K]: O[K];
};

/**
 * What a screen's handler reads once its `input` schema has parsed the derived data. A loose
 * schema (`z.looseObject`) passes the other fields through, so it refines the fields it names and
 * keeps the rest as flow.json derives them; any other schema's output is all that is left.
 */
export type RefinedData<Derived, Output> = string extends keyof Output
  ? Derived extends unknown
    ? Omit<Derived, keyof KnownProperties<Output>> & KnownProperties<Output>
    : never
  : Output;

/** A screen's data_exchange data: as flow.json derives it, refined by the screen's `input`. */
export type InputData<Spec extends FlowSpec, S extends ExchangeScreen<Spec>, Input> = [
  Input,
] extends [z.ZodType<infer Output, unknown>]
  ? unknown extends Output
    ? ExchangeData<Spec, S>
    : RefinedData<ExchangeData<Spec, S>, Output>
  : ExchangeData<Spec, S>;

/** A tenant's settings for a flow: typed by its `tenantSettings` schema, any record otherwise. */
export type TenantSettings<Spec extends FlowSpec> = Spec extends { settings: infer S }
  ? S
  : Readonly<Record<string, unknown>>;

/** The business a request is served for: the default tenant's id is `default`. */
export interface TenantContext<Settings = Readonly<Record<string, unknown>>> {
  id: string;
  name: string;
  /** Parsed by the flow's `tenantSettings` schema; the default tenant's are the schema's defaults. */
  settings: Settings;
}

/** Everything a handler may know of the request; it never sees the HTTP request itself. */
export interface BaseContext<Spec extends FlowSpec> {
  flow: string;
  /** The business this request is for (partner mode); the default tenant otherwise. */
  tenant: TenantContext<TenantSettings<Spec>>;
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
  /**
   * Where the flow keeps its own records, as the tenant sees the store: each business's records
   * apart from every other's (the default tenant's under the store's own keys).
   */
  store: Store;
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
  Data = ExchangeData<Spec, S>,
> extends BaseContext<Spec> {
  action: 'data_exchange';
  screen: S;
  /** Already parsed by the schema derived from flow.json (and the screen's `input`, if any). */
  data: Data;
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
  /** The user's WhatsApp number, E.164 with its `+`. Personal: never log it. */
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

export interface ScreenHandlers<
  Spec extends FlowSpec,
  S extends ExchangeScreen<Spec>,
  Input extends z.ZodType | undefined = z.ZodType | undefined,
> {
  /**
   * Rules flow.json cannot express (an email format, say), applied to what the schema derived from
   * flow.json has parsed; `ctx.data` is typed by its output. A failed parse returns the user to the
   * screen with the first issue's message.
   */
  input?: Input;
  data_exchange?(ctx: ExchangeContext<Spec, S, InputData<Spec, S, Input>>): Answer;
  BACK?(ctx: BackContext<Spec>): Answer;
}

export interface ErrorNotification {
  flowToken: string;
  action: HandlerAction;
  screen: string | undefined;
  errorKey: string;
  errorMessage: string | undefined;
}

/** Everything a flow declares but its screens' handlers. */
export interface FlowBase<Spec extends FlowSpec> {
  /** URL segment: served at POST /flows/<name>. */
  name: string;
  /** The flow's Flow JSON: checked at start-up, the contract every answer is checked against. */
  flowJson?: unknown;
  /**
   * What the Flow is for, in Meta's categories (APPOINTMENT_BOOKING, SIGN_UP, …): `flows deploy`
   * creates the Flow with them; OTHER when unset.
   */
  categories?: readonly string[];
  /**
   * The interactive message the Flow is sent in: `flows send` sends these texts (each flag
   * overrides one) and the playground shows them. Meta's limits: header and footer 60 characters,
   * body 1024, cta (the button) 30.
   */
  message?: { header?: string; body?: string; footer?: string; cta?: string };
  /** The business's name as customers' chats show it (the playground's chat header). */
  businessName?: string;
  /** Message shown when a token is rejected without one of its own. */
  tokenInvalidMessage?: string;
  /**
   * What a tenant may set for this flow (`settings.<flow>` in its config), as a zod schema whose
   * output is `ctx.tenant.settings`. The default tenant gets what the schema makes of `{}`, so
   * give every field a default. A tenant whose settings fail it is answered 500.
   */
  tenantSettings?: z.ZodType<object>;
  tokens?: {
    /** A token is refused (427) once its flow completed; on by default. */
    singleUse?: boolean;
    /** Replaces the signed-token check, for businesses that issue their own tokens. */
    verify?(flowToken: string): TokenCheck | Promise<TokenCheck>;
  };
  INIT?(ctx: InitContext<Spec>): Answer;
  /** BACK on a screen without its own BACK handler. */
  BACK?(ctx: BackContext<Spec>): Answer;
  /**
   * Called once per completion delivered to POST /webhooks/whatsapp, after it is recorded; retried
   * when it throws. A flow that completes on-device needs no other handler.
   */
  onComplete?(ctx: CompletionContext<Spec>): void | Promise<void>;
  /** Called after the framework has acknowledged a device error notification. */
  onErrorNotification?(notification: ErrorNotification, log: Logger): void | Promise<void>;
}

/** The screens whose flow.json sets refresh_on_back: BACK on them calls the endpoint. */
export type RefreshScreen<Spec extends FlowSpec> = Spec extends { refreshOnBack: infer R }
  ? R & ScreenId<Spec>
  : never;

/**
 * Per screen, the `input` schema its handlers declare (inferred, never written by hand). A screen
 * without one is inferred as unknown, so the schemas are picked out where they are used.
 */
export type ScreenInputs<Spec extends FlowSpec> = {
  [S in ScreenId<Spec>]?: unknown;
};

type SchemaOf<Inputs, S> = S extends keyof Inputs
  ? Inputs[S] extends z.ZodType
    ? Inputs[S]
    : undefined
  : undefined;

/** A screen's handlers, with ctx.data typed by the screen's own `input` schema. */
type HandlersOf<Spec extends FlowSpec, Inputs, S> =
  S extends ExchangeScreen<Spec>
    ? ScreenHandlers<Spec, S, SchemaOf<Inputs, S>>
    : { BACK?(ctx: BackContext<Spec>): Answer };

/**
 * With generated types, every screen whose flow.json has a data_exchange action must have its
 * data_exchange handler, and every refresh_on_back screen a BACK handler unless the flow has its
 * own: a missing one is a compile error, not a 500 at run time.
 */
type RequiredHandlers<Spec extends FlowSpec, Inputs, HasFlowBack extends boolean> = {
  [S in ExchangeScreen<Spec> | RefreshScreen<Spec>]: HandlersOf<Spec, Inputs, S> &
    (S extends ExchangeScreen<Spec> ? { data_exchange: unknown } : unknown) &
    (S extends RefreshScreen<Spec>
      ? HasFlowBack extends true
        ? unknown
        : { BACK: unknown }
      : unknown);
};

/**
 * Each screen's `input` schema type is inferred from the first member alone: a template holding
 * the handlers (whose ctx is contextual) would stop the inference for every screen.
 */
type TypedScreens<Spec extends FlowSpec, Inputs, HasFlowBack extends boolean> = {
  [S in keyof Inputs]: { input?: Inputs[S] };
} & RequiredHandlers<Spec, Inputs, HasFlowBack> & {
    [S in Exclude<ScreenId<Spec>, ExchangeScreen<Spec> | RefreshScreen<Spec>>]?: HandlersOf<
      Spec,
      Inputs,
      S
    >;
  };

/**
 * A flow typed by its generated types; `defineFlow<Spec>()(…)` infers `Inputs` (each screen's
 * `input` schema). Either the flow has its own BACK, or each refresh_on_back screen has one.
 */
export type TypedFlowDefinition<
  Spec extends FlowSpec,
  Inputs extends ScreenInputs<Spec> = ScreenInputs<Spec>,
> =
  | (FlowBase<Spec> & Required<Pick<FlowBase<Spec>, 'BACK'>> & ScreensOf<Spec, Inputs, true>)
  | (Omit<FlowBase<Spec>, 'BACK'> & { BACK?: undefined } & ScreensOf<Spec, Inputs, false>);

type ScreensOf<Spec extends FlowSpec, Inputs, HasFlowBack extends boolean> = [
  ExchangeScreen<Spec> | (HasFlowBack extends true ? never : RefreshScreen<Spec>),
] extends [never]
  ? { screens?: TypedScreens<Spec, Inputs, HasFlowBack> }
  : { screens: TypedScreens<Spec, Inputs, HasFlowBack> };

/** A flow as the framework sees it: handlers by name, data untyped. */
export type FlowDefinition = FlowBase<UntypedSpec> & {
  screens?: { [screen: string]: ScreenHandlers<UntypedSpec, string> | undefined };
};

/**
 * The spec with the tenant's settings typed by the flow's `tenantSettings` schema:
 * `defineFlow<WithSettings<MyFlow, typeof settingsSchema>>()({ tenantSettings: settingsSchema, … })`.
 */
export type WithSettings<Spec extends FlowSpec, Settings> =
  Settings extends z.ZodType<infer Output extends object>
    ? Omit<Spec, 'settings'> & { settings: Output }
    : Spec;

/** A flow's name: lower-case letters, digits and dashes, as it is a URL path segment. */
export const FLOW_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

function checkName(definition: { name: string }): void {
  if (!FLOW_NAME.test(definition.name)) {
    throw new Error(
      `flow name "${definition.name}" must be lower-case letters, digits and dashes (it is a URL path)`,
    );
  }
}

/**
 * Declares a flow typed by its generated types: `defineFlow<BookAppointmentFlow>()({...})`. Every
 * `ctx.next` is checked against flow.json at compile time, every screen that calls the endpoint
 * must have its handler, and each screen's `input` schema types that screen's `ctx.data`.
 */
export function defineFlow<Spec extends FlowSpec>(): <
  Inputs extends ScreenInputs<Spec> = Record<never, never>,
>(
  definition: TypedFlowDefinition<Spec, Inputs>,
) => FlowDefinition;
/** Declares a flow without generated types: any screen, any data; start-up checks the handlers. */
export function defineFlow(definition: FlowDefinition): FlowDefinition;
export function defineFlow(
  definition?: FlowDefinition,
): FlowDefinition | ((definition: FlowDefinition) => FlowDefinition) {
  // The typed view only exists at the call site; at run time the handlers are the same functions.
  if (definition === undefined) {
    return (typed: FlowDefinition) => {
      checkName(typed);
      return typed;
    };
  }
  checkName(definition);
  return definition;
}
