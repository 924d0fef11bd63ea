import { checkOpeningData, entryScreens } from '../whatsapp-api/check-opening-data';
import type { FlowOpening } from '../whatsapp-api/flow-message';
import type { LocalFlow } from './local-flow';
import { UsageError } from './usage-error';

/**
 * How a sent Flow opens: `data_exchange` when the server answers its INIT and nothing else was
 * asked; otherwise `navigate` to `--screen` (or the first entry screen) with `--data`, which must
 * be what that screen declares in flow.json.
 */
export function flowOpening(
  flow: LocalFlow,
  screen: string | undefined,
  data: Record<string, unknown> | undefined,
): FlowOpening {
  if (flow.hasInit && screen === undefined && data === undefined)
    return { action: 'data_exchange' };
  const target = screen ?? entryScreens(flow.json)[0] ?? flow.json.screens[0]?.id;
  if (target === undefined) throw new UsageError(`${flow.file} has no screen to open`);
  const problems = checkOpeningData(flow.json, target, data ?? {});
  if (problems.length > 0) {
    throw new UsageError(`--data/--screen: ${problems.join('; ')} (see ${flow.file})`);
  }
  return { action: 'navigate', screen: target, ...(data && { data }) };
}
