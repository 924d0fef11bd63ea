import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store';
import { DEFAULT_TOKEN_TTL_SECONDS, issueFlowToken } from '../tokens/issue-flow-token';
import { recordSentMessage } from '../tokens/sent-message';
import { tokenKey } from '../tokens/token-key';
import { STAND_IN_WA_ID } from '../device/completion/completion-reply';

export interface PlaygroundSession {
  flowToken: string;
  /** The id of the Flow message this session stands for: the completion's `context.id`. */
  messageId: string;
}

/**
 * Opening a flow in the playground: a token issued as for a real message (for `tenant`, the
 * tenant's: it opens the flow at that tenant's URL only), and the record of the "sent" message in
 * `store` (the tenant's view of it), so that the completion's context.id leads back to it as a real
 * reply's would.
 */
export async function openSession(
  flow: string,
  deps: { store: Store; tokenSecret: string; now: Date; tenant?: string | undefined },
): Promise<PlaygroundSession> {
  const flowToken = issueFlowToken({
    flow,
    secret: deps.tokenSecret,
    subject: STAND_IN_WA_ID,
    now: deps.now,
    ...(deps.tenant !== undefined && { tenant: deps.tenant }),
  });
  const messageId = `wamid.playground-${randomBytes(12).toString('hex')}`;
  await recordSentMessage(
    deps.store,
    messageId,
    {
      flow,
      tokenKey: tokenKey(flowToken),
      subject: STAND_IN_WA_ID,
      sentAt: deps.now.toISOString(),
      playground: true,
    },
    DEFAULT_TOKEN_TTL_SECONDS,
  );
  return { flowToken, messageId };
}
