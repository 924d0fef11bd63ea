import type { FlowContract } from '../../contract/flow-contract';
import type { DeviceChannel } from '../device-channel';
import {
  exchangeWithEndpoint,
  isNotification,
  type DeviceRequest,
  type ExchangeResult,
} from '../flow-exchange';
import type { JourneyStep } from './journey-step';

export interface StepReport extends ExchangeResult {
  step: number;
  /** What was sent, without the flow token. */
  request: Omit<DeviceRequest, 'flow_token'>;
  /** Problems with the step's own `expect`. */
  unmet: string[];
  expectedStatus?: number;
}

/**
 * Plays a scripted journey step by step, as the device would send it: the screen defaults to the
 * one last shown (BACK: the one before it), and every answer is checked against the flow.
 */
export async function runJourney(
  channel: DeviceChannel,
  contract: FlowContract | undefined,
  steps: readonly JourneyStep[],
  flowToken: string,
  onStep?: (report: StepReport) => void,
): Promise<StepReport[]> {
  const shown: string[] = [];
  const reports: StepReport[] = [];
  for (const [index, step] of steps.entries()) {
    const screen = step.screen ?? defaultScreen(step, shown);
    const request: Omit<DeviceRequest, 'flow_token'> = {
      action: step.action,
      ...(screen !== undefined && { screen }),
      ...(step.data !== undefined && { data: step.data }),
    };
    const result = await exchangeWithEndpoint(
      channel,
      contract,
      step.action === 'ping' ? request : { ...request, flow_token: flowToken },
    );
    const report: StepReport = {
      step: index + 1,
      request,
      ...result,
      unmet: unmet(step, result),
      ...(step.expect?.status !== undefined && { expectedStatus: step.expect.status }),
    };
    reports.push(report);
    onStep?.(report);
    if (!result.fault && result.screen !== undefined && !isNotification(step.data)) {
      if (step.action === 'BACK') shown.pop();
      if (shown.at(-1) !== result.screen) shown.push(result.screen);
    }
  }
  return reports;
}

function defaultScreen(step: JourneyStep, shown: readonly string[]): string | undefined {
  if (step.action === 'data_exchange') return shown.at(-1);
  if (step.action === 'BACK') return shown.at(-2);
  return undefined;
}

function unmet(step: JourneyStep, result: ExchangeResult): string[] {
  const expected = step.expect;
  if (!expected) return [];
  const problems: string[] = [];
  if (expected.status !== undefined && result.status !== expected.status) {
    problems.push(`expected HTTP ${expected.status}, got ${result.status ?? 'no answer'}`);
  }
  if (expected.screen !== undefined && result.screen !== expected.screen) {
    problems.push(`expected screen ${expected.screen}, got ${result.screen ?? 'none'}`);
  }
  if (expected.error_message !== undefined) {
    const has = typeof result.data?.error_message === 'string';
    if (has !== expected.error_message) {
      problems.push(
        expected.error_message
          ? 'expected an error_message'
          : `unexpected error_message "${String(result.data?.error_message)}"`,
      );
    }
  }
  return problems;
}

/**
 * A step fails when its `expect` is not met, or the device would reject its answer — unless the
 * step expects that very status (a 427 for a used token, say).
 */
export const stepFailed = (report: StepReport): boolean =>
  report.unmet.length > 0 ||
  (report.fault !== undefined &&
    !(report.expectedStatus !== undefined && report.status === report.expectedStatus));
