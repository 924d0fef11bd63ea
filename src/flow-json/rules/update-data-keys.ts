import { renderPath, parsePath } from '../../util/json-path';
import { isRecord } from '../../util/is-record';
import { screenActions } from '../screen-actions';
import type { FlowRule } from './flow-rule';

/** update_data sets the current screen's data: each key it sets must be declared there. */
export const updateDataKeys: FlowRule = ({ screens }) =>
  screens.flatMap(({ screen, index }) => {
    const declared = screen.data ?? {};
    return screenActions(screen, index)
      .filter(({ name }) => name === 'update_data')
      .flatMap(({ action, path, trigger }) =>
        Object.keys(isRecord(action.payload) ? action.payload : {})
          .filter((key) => !Object.hasOwn(declared, key))
          .map((key) => ({
            path: renderPath([...parsePath(path), trigger, 'payload', key]),
            message: `update_data sets "${key}", which the screen does not declare in its data`,
          })),
      );
  });
