import { screenActions } from '../screen-actions';
import { warning } from '../flow-json-problem';
import type { FlowRule } from './flow-rule';

/**
 * data_api_version declares an endpoint flow; one that never calls the endpoint has no use for
 * it. A screen with refresh_on_back calls it on BACK, so that counts as a use. Only a warning: a
 * flow sent with `flow_action: data_exchange` calls the endpoint at open (INIT) without any
 * data_exchange action in its JSON.
 */
export const unusedDataApiVersion: FlowRule = ({ top, screens, complete }) => {
  if (top.data_api_version === undefined || !complete) return [];
  const usesEndpoint = screens.some(
    ({ screen, index }) =>
      screen.refresh_on_back === true ||
      screenActions(screen, index).some(({ name }) => name === 'data_exchange'),
  );
  return usesEndpoint
    ? []
    : [
        warning(
          'data_api_version',
          'data_api_version is set but no screen uses data_exchange or refresh_on_back (fine if the flow is sent with flow_action data_exchange)',
        ),
      ];
};
