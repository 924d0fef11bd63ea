import type { FlowScreen } from '../flow-json/flow-json-schema';

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
