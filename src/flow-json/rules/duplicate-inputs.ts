import { screenInputs } from '../screen-inputs';
import { walkComponents } from '../walk-components';
import type { FlowRule } from './flow-rule';

/** Input names key the form's values: two inputs of one scope cannot share a name. */
export const duplicateInputs: FlowRule = ({ screens }) =>
  screens.flatMap(({ screen, index }) =>
    [...screenInputs(walkComponents(screen, index))].flatMap(([form, inputs]) => {
      const seen = new Set<string>();
      return inputs.flatMap(({ name, path }) => {
        if (!seen.has(name)) {
          seen.add(name);
          return [];
        }
        const scope = form ? 'in the same Form' : 'on the same screen (outside any Form)';
        return [{ path, message: `duplicate input name "${name}" ${scope}` }];
      });
    }),
  );
