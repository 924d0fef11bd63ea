import { isRecord } from '../util/is-record';
import { renderPath } from '../util/json-path';
import type { FlowContract } from './flow-contract';

export interface AnswerProblem {
  screen: string;
  /** The data field at fault, when there is one. */
  field?: string;
  message: string;
}

interface Answered {
  action: 'INIT' | 'BACK' | 'data_exchange';
  /** The screen the request came from. */
  from: string | undefined;
  screen: string;
  data: Record<string, unknown>;
}

/**
 * Would the device accept this answer? Mirrors its `invalid-screen-transition` and
 * `payload-schema-error` checks, so that a developer sees the problem before a user does.
 */
export function checkAnswer(contract: FlowContract, answer: Answered): AnswerProblem[] {
  const { screen, data } = answer;
  if (screen === 'SUCCESS') return checkSuccess(data);

  const target = contract.screens.get(screen);
  if (!target) return [{ screen, message: `screen "${screen}" is not in ${contract.file}` }];

  const problems: AnswerProblem[] = [];
  if (answer.action === 'data_exchange' && answer.from !== undefined && answer.from !== screen) {
    const allowed = contract.routes?.get(answer.from);
    if (contract.routes && !allowed?.has(screen)) {
      problems.push({ screen, message: `routing_model does not allow ${answer.from} → ${screen}` });
    }
  }

  // Staying on the same screen with only an error_message is how Meta documents input errors: the
  // device still holds that screen's data, so the declared fields may be left out.
  const sameScreenError = answer.from === screen && typeof data.error_message === 'string';
  const declared = target.data;
  for (const [name, check] of target.checks) {
    if (data[name] === undefined) {
      if (!sameScreenError)
        problems.push({ screen, field: name, message: 'is declared but missing' });
      continue;
    }
    for (const { at, message } of check(data[name], [name])) {
      problems.push({ screen, field: renderPath(at), message });
    }
  }
  for (const name of Object.keys(data)) {
    if (!(name in declared) && name !== 'error_message') {
      problems.push({ screen, field: name, message: 'is not declared by the screen' });
    }
  }
  if (data.error_message !== undefined && typeof data.error_message !== 'string') {
    problems.push({ screen, field: 'error_message', message: 'should be string' });
  }
  return problems;
}

function checkSuccess(data: Record<string, unknown>): AnswerProblem[] {
  const response = data.extension_message_response;
  const params = isRecord(response) ? response.params : undefined;
  return isRecord(params)
    ? []
    : [{ screen: 'SUCCESS', field: 'extension_message_response.params', message: 'is missing' }];
}
