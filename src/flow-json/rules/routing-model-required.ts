import type { FlowRule } from './flow-rule';

/** Meta requires a routing_model for endpoint flows: it bounds where an answer may send the user. */
export const routingModelRequired: FlowRule = ({ top }) =>
  top.data_api_version !== undefined && top.routing_model === undefined
    ? [{ path: 'routing_model', message: 'routing_model is required when data_api_version is set' }]
    : [];
