import { screenActions } from '../screen-actions';
import type { FlowRule } from './flow-rule';

/** data_exchange calls the endpoint, which only a flow with a data_api_version has. */
export const dataExchangeWithoutApiVersion: FlowRule = ({ top, screens }) =>
  top.data_api_version !== undefined
    ? []
    : screens.flatMap(({ screen, index }) =>
        screenActions(screen, index)
          .filter(({ name }) => name === 'data_exchange')
          .map(({ path }) => ({
            path,
            message: 'data_exchange needs data_api_version (the flow has no endpoint without it)',
          })),
      );
