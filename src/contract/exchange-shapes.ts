import type { FlowJson } from '../flow-json/flow-json-schema';
import { screenActions } from '../flow-json/screen-actions';
import { payloadShape, type ObjectShape } from './payload-shape';

/** For each screen, the payload shape of every data_exchange action on it, in document order. */
export function exchangeShapes(json: FlowJson): Map<string, ObjectShape[]> {
  const shapes = new Map<string, ObjectShape[]>();
  json.screens.forEach((screen, index) => {
    const data = screen.data ?? {};
    const exchanges = screenActions(screen, index)
      .filter((action) => action.name === 'data_exchange')
      .map((action) => payloadShape(action.payload ?? {}, action.inputs, data));
    if (exchanges.length > 0) shapes.set(screen.id, exchanges);
  });
  return shapes;
}
