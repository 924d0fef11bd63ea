import { randomBytes } from 'node:crypto';

/** The stand-in customer of the tools that play WhatsApp: a reserved fictional number. */
export const STAND_IN_WA_ID = '15550000000';

export interface CompletionReplyInput {
  /** WhatsApp's id of the Flow message the reply answers (`context.id`), when one was sent. */
  messageId?: string;
  /** `response_json`: flow_token plus the completion params or the `complete` payload. */
  response: Record<string, unknown>;
  now: Date;
  /** What delivers it (`playground`, `simulator`): the envelope's ids and the reply's id say so. */
  origin: string;
  /** The customer's WhatsApp number (`wa_id`, digits only); the stand-in customer without it. */
  from?: string;
  /**
   * The business account the reply arrives for: `entry[].id` (WABA id) and
   * `metadata.phone_number_id`, each left out when undefined. Without it, `origin` stands in for both.
   */
  account?: { wabaId?: string | undefined; phoneNumberId?: string | undefined };
}

/**
 * The messages webhook a business receives when a Flow completes, in Cloud API's envelope: an
 * `interactive` message of type `nfm_reply` whose `response_json` is a JSON string.
 */
export function completionReply({
  messageId,
  response,
  now,
  origin,
  from = STAND_IN_WA_ID,
  account = { wabaId: origin, phoneNumberId: origin },
}: CompletionReplyInput): {
  body: object;
  /** The reply's message id: the completion is recorded under it. */
  id: string;
} {
  const id = `wamid.${origin}-reply-${randomBytes(12).toString('hex')}`;
  const body = {
    object: 'whatsapp_business_account',
    entry: [
      {
        ...(account.wabaId !== undefined && { id: account.wabaId }),
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: STAND_IN_WA_ID,
                ...(account.phoneNumberId !== undefined && {
                  phone_number_id: account.phoneNumberId,
                }),
              },
              contacts: [{ profile: { name: origin }, wa_id: from }],
              messages: [
                {
                  ...(messageId !== undefined && {
                    context: { from: STAND_IN_WA_ID, id: messageId },
                  }),
                  from,
                  id,
                  timestamp: String(Math.floor(now.getTime() / 1000)),
                  type: 'interactive',
                  interactive: {
                    type: 'nfm_reply',
                    nfm_reply: {
                      name: 'flow',
                      body: 'Sent',
                      response_json: JSON.stringify(response),
                    },
                  },
                },
              ],
            },
          },
        ],
      },
    ],
  };
  return { body, id };
}
