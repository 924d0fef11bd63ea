import { isRecord } from '../../util/is-record';
import { deviceCompletion } from '../completion/check-completion';
import { postCompletion, type WebhookChannel } from '../completion/post-completion';
import type { DeviceChannel } from '../device-channel';
import type { DeviceFlow } from '../device-flow';
import type { DeviceOpening } from '../device-opening';
import { exchangeWithEndpoint, isNotification, type ExchangeResult } from '../flow-exchange';
import { DeviceSession } from '../screen-model/device-session';
import type { JourneyStep } from './journey-step';
import { pressOnDevice } from './press-on-device';

export interface StepReport extends ExchangeResult {
  step: number;
  /** What was sent (or done on the device), without the flow token. */
  request: { action: JourneyStep['action']; screen?: string; data?: Record<string, unknown> };
  /** Problems with the step's own `expect`. */
  unmet: string[];
  expectedStatus?: number;
  /** Done on the device, no request sent: a navigate opening, navigate, complete. */
  onDevice?: true;
  /** What the flow finished with: the nfm_reply's response_json params, and its id once delivered. */
  completion?: { params: Record<string, unknown>; messageId?: string };
}

export interface JourneyOptions {
  /** How the message opens the flow: INIT (the default) or a screen shown on the device. */
  opening?: DeviceOpening;
  /** Where a completion is delivered as an nfm_reply, as WhatsApp would. */
  webhook?: WebhookChannel;
  onStep?: (report: StepReport) => void;
}

type StepResult = Omit<StepReport, 'step' | 'request' | 'unmet' | 'expectedStatus'>;

/**
 * Plays a scripted journey step by step, as the device would, up to the first step that fails:
 * requests are sealed and their
 * answers checked against the flow; the screen defaults to the one shown (BACK: the one before
 * it). INIT opens the flow as the message does, and navigate / complete run on the device; a
 * completion is checked against flow.json and, with a webhook, delivered.
 */
export async function runJourney(
  channel: DeviceChannel,
  flow: DeviceFlow,
  steps: readonly JourneyStep[],
  flowToken: string,
  options: JourneyOptions = {},
): Promise<StepReport[]> {
  const opening = options.opening ?? { action: 'data_exchange' };
  let device = new DeviceSession(flow.json);
  const reports: StepReport[] = [];
  for (const [index, step] of steps.entries()) {
    const screen = step.screen ?? defaultScreen(step, device);
    const request: StepReport['request'] = {
      action: step.action,
      ...(screen !== undefined && { screen }),
      ...(step.data !== undefined && { data: step.data }),
    };
    let result: StepResult;
    if (step.action === 'INIT' && opening.action === 'navigate') {
      device = new DeviceSession(flow.json);
      device.open(opening.screen, opening.data);
      result = { ms: 0, screen: opening.screen, data: opening.data, problems: [], onDevice: true };
    } else if (step.action === 'navigate' || step.action === 'complete') {
      result = onDevice(flow, device, step.action, step, flowToken);
    } else {
      const sent = { ...request, action: step.action };
      const exchange = await exchangeWithEndpoint(
        channel,
        flow.contract,
        step.action === 'ping' ? sent : { ...sent, flow_token: flowToken },
      );
      result = { ...exchange, ...endpointCompletion(exchange) };
      if (!exchange.fault && exchange.screen !== undefined && !isNotification(step.data)) {
        if (step.action === 'INIT') device = new DeviceSession(flow.json);
        if (step.action === 'BACK') device.stack.pop();
        if (exchange.screen !== 'SUCCESS') device.showAnswer(exchange.screen, exchange.data ?? {});
      }
    }
    if (options.webhook && result.completion && result.problems.length === 0) {
      const posted = await postCompletion(options.webhook, result.completion.params);
      if (posted.problem === undefined) result.completion.messageId = posted.messageId;
      else result = { ...result, problems: [...result.problems, `completion: ${posted.problem}`] };
    }
    const report: StepReport = {
      step: index + 1,
      request,
      ...result,
      unmet: unmet(step, result),
      ...(step.expect?.status !== undefined && { expectedStatus: step.expect.status }),
    };
    reports.push(report);
    options.onStep?.(report);
    // The next step would be sent from a screen the flow never reached: stop here.
    if (stepFailed(report)) break;
  }
  return reports;
}

/** navigate / complete: the user's press, played on the device model. */
function onDevice(
  flow: DeviceFlow,
  device: DeviceSession,
  action: 'navigate' | 'complete',
  step: JourneyStep,
  flowToken: string,
): StepResult {
  const target = action === 'navigate' ? step.screen : undefined;
  const pressed = pressOnDevice(device, action, step.data ?? {}, target);
  if (pressed.kind === 'refused') return { ms: 0, problems: [pressed.problem], onDevice: true };
  if (pressed.kind === 'navigate') {
    return {
      ms: 0,
      screen: pressed.screen,
      data: device.current?.data ?? {},
      problems: [],
      onDevice: true,
    };
  }
  // SUCCESS on the device: the flow closes and sends its payload as the nfm_reply.
  const completion = deviceCompletion(flow.json, pressed.payload, flowToken);
  return {
    ms: 0,
    screen: 'SUCCESS',
    data: pressed.payload,
    problems: completion.problems.map((problem) => `completion unlike flow.json: ${problem}`),
    onDevice: true,
    completion: { params: completion.params },
  };
}

/** The params an endpoint's SUCCESS answer gives the completion message. */
function endpointCompletion(result: ExchangeResult): Pick<StepResult, 'completion'> {
  if (result.fault || result.screen !== 'SUCCESS') return {};
  const response = result.data?.extension_message_response;
  return isRecord(response) && isRecord(response.params)
    ? { completion: { params: response.params } }
    : {};
}

function defaultScreen(step: JourneyStep, device: DeviceSession): string | undefined {
  if (step.action === 'data_exchange') return device.current?.id;
  if (step.action === 'BACK') return device.stack.at(-2)?.id;
  return undefined;
}

function unmet(step: JourneyStep, result: StepResult): string[] {
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
 * A step fails when its `expect` is not met, the device would reject its answer (unless the step
 * expects that very status: a 427 for a used token, say), a press on the device could not be
 * made, or a completion is unlike flow.json or was not taken by the webhook.
 */
export const stepFailed = (report: StepReport): boolean =>
  report.unmet.length > 0 ||
  (report.fault !== undefined &&
    !(report.expectedStatus !== undefined && report.status === report.expectedStatus)) ||
  (report.fault === undefined && report.problems.length > 0);
