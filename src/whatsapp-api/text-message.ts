import type { OutgoingMessage } from './whatsapp-api';

/**
 * A plain text message, e.g. a confirmation once a Flow completes. WhatsApp delivers it only
 * within 24 hours of the customer's last message (a Flow's reply counts); a template otherwise.
 */
export function textMessage(to: string, text: string): OutgoingMessage {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'text',
    text: { body: text, preview_url: false },
  };
}
