import { z } from 'zod';
import type { FlowDefinition } from '../flow-definition/define-flow';
import type { Store } from '../store/store';
import { findSentMessage } from '../tokens/sent-message';
import { tokenKey } from '../tokens/token-key';
import { findTokenOwner } from '../tokens/token-owner';
import type { TokenPolicy } from '../tokens/token-policy';

/** `response_json` once parsed: the flow token (when the client sent it) and the params. */
const responseSchema = z.record(z.string(), z.unknown());

/** WhatsApp's default when the business sent none; it names nothing. */
const UNUSED_TOKEN = 'unused';

/**
 * Expiry bounds the data channel, not the reply: a completion whose token expired after the user
 * finished is still theirs. Verifying "as of the epoch" checks signature and flow only.
 */
const IGNORE_EXPIRY = new Date(0);

export interface CompletionMatch {
  flow: string | undefined;
  matchedBy: 'flow_token' | 'context' | 'none';
  reason: string | undefined;
  subject: string | undefined;
  params: Record<string, unknown>;
  /** The reply answers a message the playground stood in for: no customer made it. */
  playground: boolean;
}

export interface MatchDeps {
  flows: readonly FlowDefinition[];
  store: Store;
  tokens: TokenPolicy;
  /** The stored tenant whose lane the reply came on; undefined for the default tenant's. */
  tenant?: string;
}

/**
 * Finds the flow a Flow reply belongs to: by its flow token, or, when the client left the token out,
 * by the sent message its `context.id` names. Unmatched replies are kept with the reason.
 */
export async function matchCompletion(
  responseJson: string,
  contextId: string | undefined,
  deps: MatchDeps,
): Promise<CompletionMatch> {
  const response = parseResponse(responseJson);
  if (response === undefined) return unmatched('response_json is not a JSON object', {});
  const { flow_token: rawToken, ...params } = response;
  const flowToken =
    typeof rawToken === 'string' && rawToken !== UNUSED_TOKEN ? rawToken : undefined;

  const sent = contextId === undefined ? undefined : await findSentMessage(deps.store, contextId);
  const answersSent = sent && (flowToken === undefined || tokenKey(flowToken) === sent.tokenKey);
  const playground = answersSent === true && sent?.playground === true;
  let otherTenant = false;
  if (flowToken !== undefined) {
    // A token signed for one business names no flow of another's, the default tenant's included.
    const owner = await findTokenOwner(
      deps.flows,
      flowToken,
      deps.tokens.secret,
      IGNORE_EXPIRY,
      deps.tenant,
    );
    otherTenant = owner?.flow === undefined && owner?.otherTenant === true;
    if (owner?.flow) {
      const { flow, subject } = owner;
      return {
        flow: flow.name,
        subject,
        matchedBy: 'flow_token',
        reason: undefined,
        params,
        playground,
      };
    }
  }
  if (sent && answersSent) {
    return {
      flow: sent.flow,
      subject: sent.subject,
      matchedBy: 'context',
      reason: undefined,
      params,
      playground,
    };
  }
  if (flowToken !== undefined) {
    return unmatched(
      otherTenant ? 'flow token issued for another tenant' : 'flow token not verified',
      params,
    );
  }
  return unmatched(
    contextId === undefined ? 'no flow token and no context' : 'no flow token and no sent message',
    params,
  );
}

/** A reply kept without looking for its flow: its params, and why no tenant took it. */
export function unassignedMatch(responseJson: string, reason: string): CompletionMatch {
  const parsed = parseResponse(responseJson);
  if (parsed === undefined) return unmatched(`${reason}; response_json is not a JSON object`, {});
  // The flow token stays out of the record, as for every completion.
  const params = Object.fromEntries(Object.entries(parsed).filter(([key]) => key !== 'flow_token'));
  return unmatched(reason, params);
}

function parseResponse(responseJson: string): Record<string, unknown> | undefined {
  try {
    const parsed = responseSchema.safeParse(JSON.parse(responseJson));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function unmatched(reason: string, params: Record<string, unknown>): CompletionMatch {
  return {
    flow: undefined,
    matchedBy: 'none',
    reason,
    subject: undefined,
    params,
    playground: false,
  };
}
