import { z } from 'zod';
import type { FlowOpening } from './flow-message';
import type { OutgoingMessage, TemplateDefinition } from './whatsapp-api';

const TEMPLATE_CATEGORIES = ['AUTHENTICATION', 'MARKETING', 'UTILITY'] as const;

export const flowTemplateTextSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9_]{1,512}$/, 'must be lower-case letters, digits and underscores'),
  language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a language code, e.g. en_US'),
  category: z.enum(TEMPLATE_CATEGORIES, { error: 'must be AUTHENTICATION, MARKETING or UTILITY' }),
  body: z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
  button: z.string().min(1, 'must not be empty').max(25, 'must be at most 25 characters'),
});
export type FlowTemplateText = z.infer<typeof flowTemplateTextSchema>;

/** A template whose one button opens the Flow. */
export function flowTemplate(
  text: FlowTemplateText,
  flowId: string,
  opening: FlowOpening,
): TemplateDefinition {
  return {
    name: text.name,
    language: text.language,
    category: text.category,
    components: [
      { type: 'BODY', text: text.body },
      {
        type: 'BUTTONS',
        buttons: [
          {
            type: 'FLOW',
            text: text.button,
            flow_id: flowId,
            flow_action: opening.action,
            ...(opening.action === 'navigate' &&
              opening.screen !== undefined && { navigate_screen: opening.screen }),
          },
        ],
      },
    ],
  };
}

export interface TemplateMessageOptions {
  to: string;
  name: string;
  language: string;
  flowToken: string;
  /** The first screen's data, when the Flow opens without the endpoint. */
  data?: Record<string, unknown>;
}

/** Sends a template with a FLOW button, the token (and data) as the button's action parameter. */
export function flowTemplateMessage(options: TemplateMessageOptions): OutgoingMessage {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: options.to,
    type: 'template',
    template: {
      name: options.name,
      language: { code: options.language },
      components: [
        {
          type: 'button',
          sub_type: 'flow',
          // A string in Meta's sample.
          index: '0',
          parameters: [
            {
              type: 'action',
              action: {
                flow_token: options.flowToken,
                ...(options.data &&
                  Object.keys(options.data).length > 0 && { flow_action_data: options.data }),
              },
            },
          ],
        },
      ],
    },
  };
}
