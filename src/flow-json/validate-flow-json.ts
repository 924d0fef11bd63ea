import type { FlowJsonProblem } from './flow-json-problem';
import { readFlowModel } from './flow-model';
import { flowRules } from './rules/flow-rules';
import { sortProblems } from './sort-problems';

export type { FlowJsonProblem } from './flow-json-problem';

/**
 * Everything wrong with a Flow JSON document that can be known without Meta: structure first,
 * then every semantic rule, all reported at once, in document order. Empty when it is sound.
 */
export function validateFlowJson(json: unknown): FlowJsonProblem[] {
  const { model, problems } = readFlowModel(json);
  const found = model ? [...problems, ...flowRules.flatMap((rule) => rule(model))] : problems;
  return sortProblems(
    found.map(({ path, message, severity }) => ({ path, message, severity: severity ?? 'error' })),
    json,
  );
}

/** Only the problems that stop a flow: what Meta would reject. */
export const errorsOf = (problems: readonly FlowJsonProblem[]): FlowJsonProblem[] =>
  problems.filter(({ severity }) => severity === 'error');
