import { isRecord } from '../../util/is-record';
import { flattenRendered } from '../screen-model/render-screen';
import type { DeviceSession } from '../screen-model/device-session';

export type DevicePress =
  | { kind: 'navigate'; screen: string }
  | { kind: 'complete'; payload: Record<string, unknown> }
  | { kind: 'refused'; problem: string };

/**
 * What a user does on the current screen without the endpoint: enters `form` (each value as a
 * choice, so that update_data actions run) and presses the action named `name` — the one leading
 * to `target` when given, else the Footer's, else the first. The Footer stays disabled while a
 * required input is empty, as on the device.
 */
export function pressOnDevice(
  device: DeviceSession,
  name: 'navigate' | 'complete',
  form: Record<string, unknown>,
  target?: string,
): DevicePress {
  const current = device.current;
  if (!current) return { kind: 'refused', problem: 'no screen is shown: open the flow with INIT' };
  for (const [field, value] of Object.entries(form)) device.select(field, value);
  const pressable = flattenRendered(device.render())
    .map((component) => ({ footer: component.type === 'Footer', component }))
    .map(({ footer, component }) => ({ footer, action: component.actions['on-click-action'] }))
    .filter(
      (candidate): candidate is { footer: boolean; action: Record<string, unknown> } =>
        isRecord(candidate.action) && candidate.action.name === name,
    );
  const leadsTo = (action: Record<string, unknown>) =>
    isRecord(action.next) ? action.next.name : undefined;
  const chosen =
    target !== undefined
      ? pressable.find((candidate) => leadsTo(candidate.action) === target)
      : (pressable.find((candidate) => candidate.footer) ?? pressable[0]);
  if (!chosen) {
    return {
      kind: 'refused',
      problem: `${current.id} has no ${name} action${target !== undefined ? ` to ${target}` : ''}`,
    };
  }
  const missing = chosen.footer ? device.missingRequired() : [];
  if (missing.length > 0) {
    return {
      kind: 'refused',
      problem: `${current.id}: the button stays disabled: ${missing.join(', ')} required`,
    };
  }
  const pressed = device.press(chosen.action);
  if (pressed.kind === 'navigate' || pressed.kind === 'complete') return pressed;
  return { kind: 'refused', problem: `${current.id}: the ${name} action names no screen` };
}
