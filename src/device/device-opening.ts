import type { FlowJson, FlowScreen } from '../flow-json/flow-json-schema';
import { DeviceSession } from './screen-model/device-session';

/**
 * How the device opens a flow, as the message's `flow_action` says: `data_exchange` sends INIT and
 * shows what the endpoint answers; `navigate` shows `screen` with `data` and sends nothing.
 */
export type DeviceOpening =
  | { action: 'data_exchange' }
  | { action: 'navigate'; screen: string; data: Record<string, unknown> };

/** A screen's declared data filled with each field's `__example__`, as the Builder previews it. */
export function exampleData(screen: FlowScreen): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(screen.data ?? {})
      .filter(([, declaration]) => declaration.__example__ !== undefined)
      .map(([field, declaration]) => [field, declaration.__example__]),
  );
}

/**
 * How a message opens the flow when nothing says otherwise, as flow.json tells: with INIT
 * (`data_exchange`) when the flow calls an endpoint (a data_api_version and a routing_model) and
 * its entry screen needs data only the endpoint gives; else `navigate` to the entry screen with
 * its `__example__`s.
 */
export function defaultOpening(json: FlowJson): DeviceOpening {
  const session = new DeviceSession(json);
  const entry = session.entryScreen();
  const screen = entry === undefined ? undefined : session.screen(entry);
  if (!screen) return { action: 'data_exchange' };
  const needsData = Object.keys(screen.data ?? {}).length > 0;
  if (json.data_api_version !== undefined && json.routing_model !== undefined && needsData) {
    return { action: 'data_exchange' };
  }
  return { action: 'navigate', screen: screen.id, data: exampleData(screen) };
}
