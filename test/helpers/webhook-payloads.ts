/** WhatsApp's webhook deliveries as the tests and the webhook load send them. */
export const WABA_ID = '102290129340398';

let sequence = 0;
/** A fresh WhatsApp message id. */
export const messageId = () => `wamid.TEST${Date.now().toString(36)}${(sequence++).toString(36)}`;

/** A Flow reply (`nfm_reply`) as WhatsApp delivers it: response_json is a JSON *string*. */
export function nfmReply(options: {
  id?: string;
  from?: string;
  contextId?: string;
  response: Record<string, unknown>;
}) {
  return {
    ...(options.contextId !== undefined && {
      context: { from: '15550001111', id: options.contextId },
    }),
    from: options.from ?? '4915112345678',
    id: options.id ?? messageId(),
    type: 'interactive',
    interactive: {
      type: 'nfm_reply',
      nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify(options.response) },
    },
    timestamp: '1767225600',
  };
}

export const textMessage = () => ({
  from: '4915112345678',
  id: messageId(),
  type: 'text',
  text: { body: 'hello' },
  timestamp: '1767225600',
});

export const statusUpdate = () => ({
  id: messageId(),
  status: 'delivered',
  timestamp: '1767225600',
  recipient_id: '4915112345678',
});

/** Cloud API envelope: `entry[].changes[]` with field messages. */
export function cloudMessages(messages: unknown[], statuses: unknown[] = []) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: '106540352242922' },
              contacts: [{ profile: { name: 'Kerry' }, wa_id: '4915112345678' }],
              ...(messages.length > 0 && { messages }),
              ...(statuses.length > 0 && { statuses }),
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** One entry of the Cloud API envelope: the messages of one WABA's phone number. */
export function accountEntry(
  account: { wabaId: string; phoneNumberId: string },
  messages: unknown[],
) {
  return {
    id: account.wabaId,
    changes: [
      {
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '15550001111', phone_number_id: account.phoneNumberId },
          messages,
        },
        field: 'messages',
      },
    ],
  };
}

/** Meta's Flow webhook: field flows. */
export function flowsChange(value: Record<string, unknown>, time = 1767225600) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: WABA_ID, time, changes: [{ value, field: 'flows' }] }],
  };
}
