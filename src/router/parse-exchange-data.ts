import type { z } from 'zod';
import type { FlowActionRequest } from '../protocol/parse-flow-request';
import { screenWithError, type FlowAnswer } from '../flow-definition/answers';

export type ParsedData =
  { ok: true; data: Record<string, unknown> } | { ok: false; answer: FlowAnswer };

const FALLBACK_MESSAGE = 'Please check your answers and try again.';

/**
 * Incoming data is parsed, not trusted: a data_exchange payload that does not fit its screen's
 * schema sends the user back to that screen with the first issue's message, never to a 500.
 */
export function parseExchangeData(
  request: FlowActionRequest,
  schema: z.ZodType<Record<string, unknown>> | undefined,
): ParsedData {
  if (!schema || request.action !== 'data_exchange' || request.screen === undefined) {
    return { ok: true, data: request.data };
  }
  const parsed = schema.safeParse(request.data);
  if (parsed.success) return { ok: true, data: parsed.data };
  const message = parsed.error.issues[0]?.message ?? FALLBACK_MESSAGE;
  return { ok: false, answer: screenWithError(request.screen, message) };
}
