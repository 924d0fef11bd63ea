import { randomBytes } from 'node:crypto';

/** The stand-in customer: a reserved fictional number, never a real one. */
export const PLAYGROUND_WA_ID = '15550000000';
export const PLAYGROUND_PHONE_NUMBER_ID = 'playground';

export interface CompletionReplyInput {
  /** WhatsApp's id of the Flow message the reply answers (`context.id`). */
  messageId: string;
  /** `response_json`: flow_token plus the completion params or the `complete` payload. */
  response: Record<string, unknown>;
  now: Date;
}

/**
 * The messages webhook a business receives when a Flow completes, in Cloud API's envelope: an
 * `interactive` message of type `nfm_reply` whose `response_json` is a JSON string.
 */
export function completionReply({ messageId, response, now }: CompletionReplyInput): object {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'playground',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: PLAYGROUND_WA_ID,
                phone_number_id: PLAYGROUND_PHONE_NUMBER_ID,
              },
              contacts: [{ profile: { name: 'Playground' }, wa_id: PLAYGROUND_WA_ID }],
              messages: [
                {
                  context: { from: PLAYGROUND_WA_ID, id: messageId },
                  from: PLAYGROUND_WA_ID,
                  id: `wamid.playground-reply-${randomBytes(12).toString('hex')}`,
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
}
