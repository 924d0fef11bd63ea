import type { FlowContract } from '../contract/flow-contract';
import { isRecord } from '../util/is-record';
import { checkDeviceAnswer, describeProblem, type DeviceErrorKey } from './check-answer';
import { sendSealed, type DeviceChannel } from './device-channel';

/** A decrypted request as the device sends it. */
export interface DeviceRequest {
  action: 'INIT' | 'BACK' | 'data_exchange' | 'ping';
  screen?: string;
  data?: Record<string, unknown>;
  flow_token?: string;
}

/**
 * What went wrong with one exchange, by the key WhatsApp would count it under: the device's error
 * notification keys, Meta's alert keys for transport failures, `flow-token-invalid` for a 427.
 */
export type ExchangeFault =
  | DeviceErrorKey
  | 'response-decryption-error'
  | 'unexpected_http_status_code'
  | 'no_http_response_error'
  | 'timeout_error'
  | 'flow-token-invalid';

export interface ExchangeResult {
  status?: number;
  ms: number;
  /** The screen the answer names (also when the device rejected it: see `fault`). */
  screen?: string;
  /** The answer's data, when it opened (also when the device rejected it). */
  data?: Record<string, unknown>;
  fault?: ExchangeFault;
  /** One line per problem, e.g. `DETAILS.surprise is not declared by the screen`. */
  problems: string[];
}

/** Enough of a page that is not this server's JSON (a proxy's HTML, say) to recognise it. */
const MAX_PAGE_TEXT = 500;

/**
 * Why the endpoint refused, whole: this server's `{"error","message"}` as its words, any other
 * body on one line (a long page cut at a word, marked so).
 */
export function reasonOf(text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body) && typeof body.message === 'string') {
      return typeof body.error === 'string' ? `${body.error}: ${body.message}` : body.message;
    }
  } catch {
    // Not JSON: shown as text below.
  }
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= MAX_PAGE_TEXT) return line;
  const cut = line.lastIndexOf(' ', MAX_PAGE_TEXT);
  return `${line.slice(0, cut > 0 ? cut : MAX_PAGE_TEXT)} … (${line.length} characters)`;
}

/** True for an error notification: the device reporting that an earlier answer was invalid. */
export const isNotification = (data: Record<string, unknown> | undefined): boolean =>
  typeof data?.error === 'string' || typeof data?.error_key === 'string';

/** Sends one request as the device does and judges the answer as the device would. */
export async function exchangeWithEndpoint(
  channel: DeviceChannel,
  contract: FlowContract | undefined,
  request: DeviceRequest,
): Promise<ExchangeResult> {
  const payload = { version: '3.0', ...request };
  const sent = await sendSealed(channel, payload);
  const base = { ms: sent.ms, ...(sent.status !== undefined && { status: sent.status }) };
  if (sent.failure === 'dropped') {
    return {
      ...base,
      fault: 'no_http_response_error',
      problems: [`connection dropped (${sent.cause ?? 'closed'})`],
    };
  }
  if (sent.failure === 'timeout') {
    return { ...base, fault: 'timeout_error', problems: ['no answer in time'] };
  }
  if (sent.status === 427) {
    return { ...base, fault: 'flow-token-invalid', problems: [`427 ${reasonOf(sent.text)}`] };
  }
  if (sent.status !== 200) {
    return {
      ...base,
      fault: 'unexpected_http_status_code',
      problems: [`HTTP ${sent.status} ${reasonOf(sent.text)}`],
    };
  }
  if (sent.openError !== undefined) {
    return { ...base, fault: 'response-decryption-error', problems: [sent.openError] };
  }
  const answer = sent.answer;
  const data = isRecord(answer) && isRecord(answer.data) ? answer.data : undefined;
  const verdict = checkDeviceAnswer(
    contract,
    {
      action: request.action,
      ...(request.screen !== undefined && { screen: request.screen }),
      ...(request.flow_token !== undefined && { flow_token: request.flow_token }),
      notification: isNotification(request.data),
    },
    answer,
  );
  const withData = { ...base, ...(data !== undefined && { data }) };
  if (!verdict.ok) {
    const screen =
      isRecord(answer) && typeof answer.screen === 'string' ? answer.screen : undefined;
    return {
      ...withData,
      ...(screen !== undefined && { screen }),
      fault: verdict.errorKey,
      problems: verdict.problems.map(describeProblem),
    };
  }
  return {
    ...withData,
    ...(verdict.screen !== undefined && { screen: verdict.screen }),
    problems: [],
  };
}
