import type { FlowActionRequest } from '../protocol/parse-flow-request';
import type { FlowAnswer } from '../flow-definition/answers';
import type { RuntimeContext } from './create-context';
import type {
  BackContext,
  ExchangeContext,
  FlowDefinition,
  InitContext,
  UntypedSpec,
} from '../flow-definition/define-flow';

export type RuntimeHandler = (ctx: RuntimeContext) => FlowAnswer | Promise<FlowAnswer>;

/**
 * INIT is flow-level, data_exchange per screen, BACK per screen falling back to the flow's.
 * The context is built for the request's action, so each narrowing below holds.
 */
export function findHandler(
  flow: FlowDefinition,
  request: FlowActionRequest,
): RuntimeHandler | undefined {
  const screen = request.screen === undefined ? undefined : flow.screens?.[request.screen];
  switch (request.action) {
    case 'INIT': {
      const init = flow.INIT;
      return init && ((ctx) => init.call(flow, ctx as InitContext<UntypedSpec>));
    }
    case 'data_exchange': {
      const exchange = screen?.data_exchange;
      return (
        exchange && ((ctx) => exchange.call(screen, ctx as ExchangeContext<UntypedSpec, string>))
      );
    }
    case 'BACK': {
      const owner = screen?.BACK ? screen : flow;
      const back = owner.BACK;
      return back && ((ctx) => back.call(owner, ctx as BackContext<UntypedSpec>));
    }
  }
}
