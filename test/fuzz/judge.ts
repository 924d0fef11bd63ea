import { isDeepStrictEqual } from 'node:util';
import { isRecord } from '../../src/util/is-record';
import { openResponse } from '../helpers/whatsapp-client';
import type { Expected, FuzzCase } from './fuzz-case';

export interface Outcome {
  /** The HTTP status, or 0 when no answer came (a hang or a dropped connection). */
  status: number;
  text: string;
  /** Why no answer came. */
  failure?: string;
}

function open(fuzz: FuzzCase, text: string): unknown {
  if (!fuzz.sealed) return undefined;
  try {
    return openResponse(text, fuzz.sealed.aesKey, fuzz.sealed.iv);
  } catch {
    return undefined;
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Is this answer the expected one? Sealed answers must open with the request's key and IV. */
function matches(expected: Expected, fuzz: FuzzCase, outcome: Outcome): boolean {
  if ('refused' in expected) {
    const body = parse(outcome.text);
    return outcome.status === expected.refused && isRecord(body) && typeof body.error === 'string';
  }
  const answer = open(fuzz, outcome.text);
  if (expected.answer === 'token refused') {
    return outcome.status === 427 && isRecord(answer) && typeof answer.error_msg === 'string';
  }
  if (outcome.status !== 200 || !isRecord(answer)) return false;
  const { screen, data } = answer;
  switch (expected.answer) {
    case 'ping':
      return isDeepStrictEqual(answer, { data: { status: 'active' } });
    case 'acknowledged':
      return isDeepStrictEqual(answer, { data: { acknowledged: true } });
    case 'input error':
      return screen === expected.screen && isRecord(data) && typeof data.error_message === 'string';
    case 'screen':
      return screen === expected.screen && isRecord(data) && !('error_message' in data);
    case 'complete': {
      const response = isRecord(data) ? data.extension_message_response : undefined;
      const params = isRecord(response) ? response.params : undefined;
      return screen === 'SUCCESS' && isRecord(params) && params.flow_token === fuzz.flowToken;
    }
  }
}

const describe = (expected: Expected): string =>
  'refused' in expected
    ? `a ${expected.refused}`
    : `${expected.answer}${'screen' in expected ? ` on ${expected.screen}` : ''}`;

/** undefined when the answer is right, otherwise what was wrong with it. */
export function judge(fuzz: FuzzCase, outcome: Outcome): string | undefined {
  if (outcome.status === 0) return `no answer: ${outcome.failure ?? 'unknown'}`;
  if (fuzz.expected.some((expected) => matches(expected, fuzz, outcome))) return undefined;
  const opened = open(fuzz, outcome.text);
  const got = opened === undefined ? outcome.text : JSON.stringify(opened);
  return `expected ${fuzz.expected.map(describe).join(' or ')}, got ${outcome.status} ${got.slice(0, 200)}`;
}
