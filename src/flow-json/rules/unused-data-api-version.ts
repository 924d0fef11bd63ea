import { screenActions } from '../screen-actions';
import type { FlowRule } from './flow-rule';

/** data_api_version declares an endpoint flow; one that never exchanges data has no use for it. */
export const unusedDataApiVersion: FlowRule = ({ top, screens, complete }) => {
  if (top.data_api_version === undefined || !complete) return [];
  const exchanges = screens.some(({ screen, index }) =>
    screenActions(screen, index).some(({ name }) => name === 'data_exchange'),
  );
  return exchanges
    ? []
    : [
        {
          path: 'data_api_version',
          message: 'data_api_version is set but no screen uses data_exchange',
        },
      ];
};
