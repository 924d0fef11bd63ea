import { z } from 'zod';
import type { OutgoingMessage } from './whatsapp-api';

/** How the Flow opens: ask the endpoint (INIT), or show a screen with the data given. */
export type FlowOpening =
  | { action: 'data_exchange' }
  | { action: 'navigate'; screen?: string; data?: Record<string, unknown> };

/** Meta's limits on the texts around a Flow message (flow_cta: 30 on the newer page, 20 on older). */
export const flowMessageTextSchema = z.object({
  cta: z.string().min(1, 'must not be empty').max(30, 'must be at most 30 characters'),
  body: z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
  header: z.string().min(1).max(60, 'must be at most 60 characters').optional(),
  footer: z.string().min(1).max(60, 'must be at most 60 characters').optional(),
});
export type FlowMessageText = z.infer<typeof flowMessageTextSchema>;

/** What a Flow message says where neither the flow's definition nor the sender says otherwise. */
const DEFAULT_FLOW_MESSAGE_TEXT = { cta: 'Open', body: 'Tap the button below to continue.' };

/**
 * The texts a Flow is sent with: the flow's own message (its definition's `message`) over the
 * defaults, and each text given (a `flows send` flag) over both. Not yet held to Meta's limits.
 */
export function flowMessageText(
  declared: Partial<FlowMessageText> | undefined,
  given: Partial<Record<keyof FlowMessageText, string | undefined>> = {},
): Partial<FlowMessageText> & typeof DEFAULT_FLOW_MESSAGE_TEXT {
  const pick = (key: keyof FlowMessageText) => given[key] ?? declared?.[key];
  return {
    cta: pick('cta') ?? DEFAULT_FLOW_MESSAGE_TEXT.cta,
    body: pick('body') ?? DEFAULT_FLOW_MESSAGE_TEXT.body,
    ...(pick('header') !== undefined && { header: pick('header') }),
    ...(pick('footer') !== undefined && { footer: pick('footer') }),
  };
}

export interface FlowMessageOptions extends FlowMessageText {
  /** Digits only, country code first. */
  to: string;
  flowId: string;
  flowToken: string;
  opening: FlowOpening;
  /** Send the Flow's current draft (`mode: draft`), e.g. before it is published. */
  draft?: boolean;
}

/** The interactive Flow message body, as Meta documents it (360dialog relays it unchanged). */
export function flowMessage(options: FlowMessageOptions): OutgoingMessage {
  const { opening } = options;
  const payload =
    opening.action === 'navigate' && (opening.screen !== undefined || opening.data !== undefined)
      ? {
          flow_action_payload: {
            ...(opening.screen !== undefined && { screen: opening.screen }),
            // `data` must be a non-empty object when present.
            ...(opening.data && Object.keys(opening.data).length > 0 && { data: opening.data }),
          },
        }
      : {};
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: options.to,
    type: 'interactive',
    interactive: {
      type: 'flow',
      ...(options.header !== undefined && { header: { type: 'text', text: options.header } }),
      body: { text: options.body },
      ...(options.footer !== undefined && { footer: { text: options.footer } }),
      action: {
        name: 'flow',
        parameters: {
          flow_message_version: '3',
          flow_id: options.flowId,
          flow_token: options.flowToken,
          flow_cta: options.cta,
          flow_action: opening.action,
          ...(options.draft && { mode: 'draft' }),
          ...payload,
        },
      },
    },
  };
}
