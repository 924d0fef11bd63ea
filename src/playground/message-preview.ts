import { STAND_IN_WA_ID } from '../device/completion/completion-reply';
import type { FlowDefinition } from '../flow-definition/define-flow';
import { flowMessage, flowMessageText, flowMessageTextSchema } from '../whatsapp-api/flow-message';

/** What the chat shows before the flow opens: who it is from, and the message `flows send` sends. */
export interface MessagePreview {
  business: string;
  /** The message's `interactive` object, as `flows send` builds it. */
  interactive: unknown;
  /** Texts Meta would refuse (too long, empty), one line each. */
  problems: string[];
}

export function messagePreview(flow: FlowDefinition): MessagePreview {
  const text = flowMessageText(flow.message);
  const checked = flowMessageTextSchema.safeParse(text);
  const sent = flowMessage({
    ...text,
    to: STAND_IN_WA_ID,
    flowId: 'playground',
    flowToken: 'issued when the flow opens',
    opening: { action: flow.INIT ? 'data_exchange' : 'navigate' },
  });
  return {
    business: flow.businessName ?? flow.name,
    interactive: sent.interactive,
    problems: checked.success
      ? []
      : checked.error.issues.map((issue) => `message.${issue.path.join('.')} ${issue.message}`),
  };
}
