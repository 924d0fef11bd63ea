import { checkAnswer } from '../contract/check-answer';
import type { FlowContract } from '../contract/flow-contract';
import { EndpointError } from '../errors/endpoint-error';
import type { RequestContext } from '../logging/request-context';
import type { FlowActionRequest } from '../protocol/parse-flow-request';
import type { FlowAnswer } from '../flow-definition/answers';
import type { AnswerValidation } from './validation-mode';

/** Holds a handler's answer to the flow's contract before it is encrypted. */
export function checkHandlerAnswer(
  answer: FlowAnswer,
  request: FlowActionRequest,
  contract: FlowContract | undefined,
  validation: AnswerValidation,
  flowName: string,
  context: RequestContext,
): void {
  if (!contract || validation.mode === 'off' || answer.kind !== 'screen') return;
  const problems = checkAnswer(contract, {
    action: request.action,
    from: request.screen,
    screen: answer.screen,
    data: answer.data,
  });
  if (problems.length === 0) return;

  validation.onInvalidAnswer?.(flowName, answer.screen);
  // Field names and types only: the values are the user's data.
  const lines = problems.map(
    (problem) => `${problem.screen}${problem.field ? `.${problem.field}` : ''} ${problem.message}`,
  );
  context.log.error(
    { answerScreen: answer.screen, problems: lines, validation: validation.mode },
    `answer does not match ${contract.file}: ${lines.join('; ')}`,
  );
  if (validation.mode === 'strict') {
    throw new EndpointError(
      'internal',
      `answer does not match ${contract.file}: ${lines.join('; ')}`,
    );
  }
}
