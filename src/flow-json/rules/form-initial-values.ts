import type { RuleProblem } from '../flow-json-problem';
import { isRecord } from '../../util/is-record';
import { renderPath } from '../../util/json-path';
import { screenInputs } from '../screen-inputs';
import { walkComponents } from '../walk-components';
import type { FlowRule } from './flow-rule';

/** A Form's init-values and error-messages name inputs of that Form. */
export const formInitialValues: FlowRule = ({ screens }) =>
  screens.flatMap(({ screen, index }) => {
    const components = walkComponents(screen, index);
    const scopes = screenInputs(components);
    const problems: RuleProblem[] = [];
    for (const { component, path } of components) {
      if (component.type !== 'Form') continue;
      const names = new Set(scopes.get(renderPath(path))?.map(({ name }) => name));
      for (const key of ['init-values', 'error-messages'] as const) {
        const values = component[key];
        if (!isRecord(values)) continue;
        for (const field of Object.keys(values)) {
          if (!names.has(field)) {
            problems.push({
              path: renderPath([...path, key, field]),
              message: `${key} names "${field}", which is no input of this Form`,
            });
          }
        }
      }
    }
    return problems;
  });
