import { findBindings } from '../find-bindings';
import { renderPath } from '../../util/json-path';
import { screenInputs } from '../screen-inputs';
import { walkComponents } from '../walk-components';
import type { FlowRule } from './flow-rule';

/** `${form.x}` needs an input named `x` in the same scope: its Form, or the form-less screen. */
export const formBindings: FlowRule = ({ screens }) =>
  screens.flatMap(({ screen, index }) => {
    const components = walkComponents(screen, index);
    const scopes = screenInputs(components);
    return components.flatMap((walked) => {
      const names = new Set(scopes.get(walked.form)?.map(({ name }) => name));
      return findBindings(walked)
        .filter(({ source, name }) => source === 'form' && !names.has(name))
        .map(({ text, name, path }) => ({
          path: renderPath(path),
          message: `${text} refers to no input named "${name}" ${walked.form ? 'in its Form' : 'on the screen (outside any Form)'}`,
        }));
    });
  });
