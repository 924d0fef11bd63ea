import type { Agent } from 'node:http';
import { openResponse } from '../../src/device/open-response';
import { isRecord } from '../../src/flow-json/is-record';
import { post, type PostOptions } from '../lib/post';
import type { PreparedRequest } from '../lib/flow-requests';

function wrongShape(answer: unknown, request: PreparedRequest): string | undefined {
  if (!isRecord(answer) || !isRecord(answer.data)) return 'no data object';
  const { data } = answer;
  if (request.kind === 'ping') {
    return data.status === 'active' && Object.keys(answer).length === 1
      ? undefined
      : 'not the ping answer';
  }
  if (answer.screen !== 'APPOINTMENT') return `screen ${String(answer.screen)}`;
  if ('error_message' in data) return `error_message ${String(data.error_message)}`;
  const listed = ['department', 'location', 'date', 'time'].every((field) =>
    Array.isArray(data[field]),
  );
  return listed && data.is_location_enabled === true ? undefined : 'APPOINTMENT data incomplete';
}

/**
 * undefined when the answer is right: a 200 that opens with the request's key to the expected
 * screen, or (when allowed) a 503 saying the store is unavailable. Otherwise what is wrong.
 */
export function checkAnswer(
  request: PreparedRequest,
  status: number,
  text: string,
  allow503 = false,
): string | undefined {
  if (status === 503 && allow503) {
    return text.includes('"store_unavailable"')
      ? undefined
      : `503 without store_unavailable: ${text.slice(0, 80)}`;
  }
  if (status !== 200) return `status ${status}: ${text.slice(0, 120)}`;
  try {
    const problem = wrongShape(openResponse(text, request.aesKey, request.iv), request);
    return problem && `200 with ${problem}`;
  } catch (err) {
    return `200 that does not open: ${(err as Error).message}`;
  }
}

/** Posts a prepared request to the flow and checks what came back. */
export async function postFlow(
  prepared: PreparedRequest,
  options: Omit<PostOptions, 'path'>,
  allow503 = false,
): Promise<{ status: number; problem?: string }> {
  const reply = await post(prepared, { ...options, path: '/flows/book-appointment' });
  const problem = reply.failure ?? checkAnswer(prepared, reply.status, reply.text, allow503);
  return { status: reply.status, problem };
}

/** The prepared requests as a `driveLoad` workload: each sent once, in order, its answer checked. */
export const flowLoad = (port: number, requests: readonly PreparedRequest[], allow503 = false) => ({
  count: requests.length,
  send: (i: number, agent: Agent) =>
    postFlow(requests[i] as PreparedRequest, { port, agent }, allow503),
});
