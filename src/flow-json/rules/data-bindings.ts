import { findBindings } from '../find-bindings';
import { renderPath } from '../../util/json-path';
import { walkComponents } from '../walk-components';
import type { FlowRule } from './flow-rule';

/** `${data.x}` (and `${data.x.y}`) needs `x` among the screen's declared data. */
export const dataBindings: FlowRule = ({ screens }) =>
  screens.flatMap(({ screen, index }) => {
    const declared = screen.data ?? {};
    return walkComponents(screen, index)
      .flatMap(findBindings)
      .filter(({ source, name }) => source === 'data' && !Object.hasOwn(declared, name))
      .map(({ text, name, path }) => ({
        path: renderPath(path),
        message: `${text} refers to "${name}", which the screen does not declare in its data`,
      }));
  });
