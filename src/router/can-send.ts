import type { FlowActionRequest } from '../protocol/parse-flow-request';
import type { LoadedFlow } from './load-flow';

/**
 * Could WhatsApp send this request for this flow at all? With a flow.json the answer is known:
 * data_exchange only from a screen with a data_exchange action, BACK only to a screen with
 * refresh_on_back, INIT only to a flow that uses the endpoint (`data_api_version`). A request it
 * could not send is the client's fault (400); one it could send but no handler takes is the flow's
 * (500). Without a flow.json every request counts as possible.
 */
export function canSend(flow: LoadedFlow, request: FlowActionRequest): boolean {
  const { contract } = flow;
  if (!contract) return true;
  if (request.action === 'INIT') return flow.usesEndpoint;
  if (request.screen === undefined) return false;
  if (request.action === 'data_exchange') return flow.inputs.has(request.screen);
  return contract.screens.get(request.screen)?.refreshOnBack === true;
}
