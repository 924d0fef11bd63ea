import type { FlowActionRequest } from '../protocol/parse-flow-request';
import type { FlowDefinition, Handler } from './define-flow';

/** INIT is flow-level, data_exchange per screen, BACK per screen falling back to the flow's. */
export function findHandler(flow: FlowDefinition, request: FlowActionRequest): Handler | undefined {
  const screen = request.screen === undefined ? undefined : flow.screens?.[request.screen];
  switch (request.action) {
    case 'INIT':
      return flow.INIT;
    case 'data_exchange':
      return screen?.data_exchange;
    case 'BACK':
      return screen?.BACK ?? flow.BACK;
  }
}
