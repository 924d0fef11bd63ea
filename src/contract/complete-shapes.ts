import type { FlowJson } from '../flow-json/flow-json-schema';
import { screenActions } from '../flow-json/screen-actions';
import { payloadShape, type ObjectShape } from './payload-shape';

/**
 * The payload shape of every `complete` action, in document order: what the completion message
 * (the webhook's `response_json`, besides `flow_token`) carries for a flow that completes on-device.
 */
export function completeShapes(json: FlowJson): ObjectShape[] {
  return json.screens.flatMap((screen, index) =>
    screenActions(screen, index)
      .filter((action) => action.name === 'complete')
      .map((action) => payloadShape(action.payload ?? {}, action.inputs, screen.data ?? {})),
  );
}
