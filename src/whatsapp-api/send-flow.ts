import type { Store } from '../store/store';
import { DEFAULT_TOKEN_TTL_SECONDS, issueFlowToken } from '../tokens/issue-flow-token';
import { recordSentMessage } from '../tokens/sent-message';
import { tokenKey } from '../tokens/token-key';
import { flowMessage, type FlowMessageText, type FlowOpening } from './flow-message';
import { phoneNumberSchema } from './phone-number';
import { flowTemplateMessage } from './template-message';
import type { OutgoingMessage, WhatsAppApi } from './whatsapp-api';

interface SendCommon {
  api: WhatsAppApi;
  /** Where the sent message is recorded (the server's STORE_URL; a tenant's scope of it). */
  store: Store;
  /** FLOW_TOKEN_SECRET: the token must be one this server accepts. */
  tokenSecret: string;
  /** The local flow name, served at /flows/<flow>. */
  flow: string;
  /** The customer's number; it becomes the token's subject. */
  to: string;
  /** A stored tenant's id (partner mode): the token opens the flow at its URL only. */
  tenant?: string;
  ttlSeconds?: number;
  now?: Date;
}

export interface SendFlowOptions extends SendCommon, FlowMessageText {
  /** The Flow's id at the provider (flows.lock.json has it after a deploy). */
  flowId: string;
  opening: FlowOpening;
  draft?: boolean;
}

export interface SendFlowTemplateOptions extends SendCommon {
  template: string;
  language: string;
  /** The first screen's data, for a template whose button navigates. */
  data?: Record<string, unknown>;
}

export interface SentFlow {
  /** WhatsApp's message id (`wamid…`); a completion's `context.id` names it. */
  messageId: string;
  /** The token sent; the caller may keep it, but it is never stored or logged here. */
  flowToken: string;
}

/**
 * Sends a Flow to a customer with a fresh signed flow token (subject: their number) and records
 * the message id, so that a completion arriving without its flow_token is still matched.
 */
export function sendFlow(options: SendFlowOptions): Promise<SentFlow> {
  return sendWithToken(options, (to, flowToken) =>
    flowMessage({
      to,
      flowId: options.flowId,
      flowToken,
      opening: options.opening,
      draft: options.draft,
      cta: options.cta,
      body: options.body,
      header: options.header,
      footer: options.footer,
    }),
  );
}

/** Sends an approved template with a FLOW button, token issued and message recorded likewise. */
export function sendFlowTemplate(options: SendFlowTemplateOptions): Promise<SentFlow> {
  return sendWithToken(options, (to, flowToken) =>
    flowTemplateMessage({
      to,
      name: options.template,
      language: options.language,
      flowToken,
      data: options.data,
    }),
  );
}

async function sendWithToken(
  options: SendCommon,
  build: (to: string, flowToken: string) => OutgoingMessage,
): Promise<SentFlow> {
  const parsed = phoneNumberSchema.safeParse(options.to);
  if (!parsed.success) {
    throw new TypeError(`to: ${parsed.error.issues[0]?.message ?? 'not a phone number'}`);
  }
  const to = parsed.data;
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  const now = options.now ?? new Date();
  const flowToken = issueFlowToken({
    flow: options.flow,
    secret: options.tokenSecret,
    subject: to,
    tenant: options.tenant,
    ttlSeconds,
    now,
  });
  const { messageId } = await options.api.sendMessage(build(to, flowToken));
  await recordSentMessage(
    options.store,
    messageId,
    { flow: options.flow, tokenKey: tokenKey(flowToken), subject: to, sentAt: now.toISOString() },
    ttlSeconds,
  );
  return { messageId, flowToken };
}
