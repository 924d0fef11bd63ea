import { needsVersion } from '../components/version-text';
import { expressionProblem } from '../expression';
import { componentStrings } from '../find-bindings';
import type { RuleProblem } from '../flow-json-problem';
import { renderPath } from '../../util/json-path';
import { walkComponents } from '../walk-components';
import type { FlowRule } from './flow-rule';

const NESTED = /^`([\s\S]*)`$/;

/**
 * Backtick expressions (6.0+) and If conditions parse; an If condition has at least one
 * dynamic operand. The names they use are checked with every other `${…}`.
 */
export const expressions: FlowRule = ({ screens, version }) =>
  screens.flatMap(({ screen, index }) =>
    walkComponents(screen, index).flatMap((walked) => {
      const problems: RuleProblem[] = [];
      for (const { value, path } of componentStrings(walked)) {
        const nested = NESTED.exec(value)?.[1];
        if (nested === undefined || value.length < 2) continue;
        if (version < 6.0) {
          problems.push({
            path: renderPath(path),
            message: needsVersion('a backtick expression', 6.0, version),
          });
          continue;
        }
        const problem = expressionProblem(nested);
        if (problem) problems.push({ path: renderPath(path), message: `expression ${problem}` });
      }
      const { component, path } = walked;
      if (component.type === 'If' && typeof component.condition === 'string') {
        const at = renderPath([...path, 'condition']);
        const problem = expressionProblem(component.condition);
        if (problem) problems.push({ path: at, message: `condition ${problem}` });
        else if (!component.condition.includes('${')) {
          problems.push({ path: at, message: 'condition needs at least one ${…} reference' });
        }
      }
      return problems;
    }),
  );
