import { isRecord } from '../../util/is-record';
import { deviceCompletion } from '../completion/check-completion';
import { postCompletion, type WebhookChannel } from '../completion/post-completion';
import type { DeviceChannel } from '../device-channel';
import type { DeviceFlow } from '../device-flow';
import { defaultOpening, type DeviceOpening } from '../device-opening';
import { exchangeWithEndpoint, type DeviceRequest, type ExchangeResult } from '../flow-exchange';
import { DeviceSession } from '../screen-model/device-session';
import type { RenderedComponent } from '../screen-model/render-screen';
import { flattenRendered } from '../screen-model/render-screen';
import type { MediaItem } from '../../contract/media-item';
import type { MediaUploader } from '../media/stand-in-cdn';
import type { SampleFile } from '../media/sample-files';
import { chooseFiles } from './choose-files';
import { chooseValue, selectableOptions } from './choose-value';
import type { Finding } from './finding';
import { seededRandom, type Random } from './random';

export interface ExploreOptions {
  channel: DeviceChannel;
  flow: DeviceFlow;
  /** How the message opens the flow: INIT or a screen shown on the device (default: flow.json's). */
  opening?: DeviceOpening;
  /** Where each journey's completion is delivered as an nfm_reply, as WhatsApp would. */
  webhook?: WebhookChannel;
  journeys: number;
  seed: number;
  /** Presses per journey before it is given up. */
  maxSteps: number;
  /** A flow token for each journey. */
  token: () => string;
  /**
   * Where picked photos and documents are put for the endpoint to download (a CDN it can reach);
   * without one, a PhotoPicker or DocumentPicker stays empty.
   */
  media?: MediaUploader;
  onJourney?: (journey: JourneyReport) => void;
}

export interface JourneyReport {
  journey: number;
  /**
   * How it ended: SUCCESS from the endpoint, `complete` (SUCCESS on the device: a complete
   * action), or not at all.
   */
  outcome: 'success' | 'complete' | 'closed' | 'stopped' | 'gave-up';
  /** The screens shown, in order. */
  path: string[];
  requests: number;
  findings: Finding[];
  /** What the flow finished with: the nfm_reply's response_json params, and its id once delivered. */
  completion?: { params: Record<string, unknown>; messageId?: string };
}

export interface ExploreReport {
  journeys: JourneyReport[];
  /** Journeys that reached SUCCESS (or a device-side complete). */
  completed: number;
  requests: number;
}

/** Chances of what a user does, per screen visit. */
const INVALID_INPUT = 0.15;
const PRESS_BACK = 0.15;
const FOLLOW_LINK = 0.15;
/** The same screen answering error_message this many times with good input is a dead end. */
const MAX_ERRORS_IN_A_ROW = 3;

/**
 * Walks a flow as many users would, opened as its message opens it (INIT, or navigate to a
 * screen), without a script: fills each screen's form from its components (options the endpoint
 * sent, inputs by type, sometimes invalid), fires the inputs' data_exchange actions, presses back
 * where the endpoint is asked (refresh_on_back), follows the Flow JSON's actions, and records
 * every answer the device would reject, every 5xx, every dead end and every completion other than
 * flow.json declares. Deterministic for a seed (given a deterministic endpoint); bounded.
 */
export async function exploreFlow(options: ExploreOptions): Promise<ExploreReport> {
  const journeys: JourneyReport[] = [];
  for (let journey = 1; journey <= options.journeys; journey++) {
    const report = await walk(options, journey, seededRandom(options.seed * 1_000_003 + journey));
    if (options.webhook && report.completion) await deliver(options.webhook, report);
    journeys.push(report);
    options.onJourney?.(report);
  }
  return {
    journeys,
    completed: journeys.filter((j) => j.outcome === 'success' || j.outcome === 'complete').length,
    requests: journeys.reduce((sum, j) => sum + j.requests, 0),
  };
}

async function walk(
  options: ExploreOptions,
  journey: number,
  random: Random,
): Promise<JourneyReport> {
  const { flow, channel } = options;
  const device = new DeviceSession(flow.json);
  const token = options.token();
  const report: JourneyReport = {
    journey,
    outcome: 'gave-up',
    path: [],
    requests: 0,
    findings: [],
  };
  const show = (screen: string) => {
    if (report.path.at(-1) !== screen) report.path.push(screen);
  };
  const finding = (kind: Finding['kind'], message: string, extra: Partial<Finding> = {}) =>
    report.findings.push({ kind, journey, request: report.requests, message, ...extra });

  /** Sends a request; false when the journey cannot go on (the device shows an error). */
  const send = async (
    request: Omit<DeviceRequest, 'flow_token'>,
  ): Promise<ExchangeResult | undefined> => {
    report.requests++;
    const result = await exchangeWithEndpoint(channel, flow.contract, {
      ...request,
      flow_token: token,
    });
    if (!result.fault) return result;
    const at = {
      fault: result.fault,
      ...(request.screen !== undefined && { screen: request.screen }),
    };
    const message = `${request.action}${request.screen ? ` ${request.screen}` : ''}: ${result.problems.join('; ')}`;
    switch (result.fault) {
      case 'invalid-screen-transition':
      case 'payload-schema-error':
      case 'response-decryption-error':
        finding('rejected-answer', message, at);
        await notify(request, result);
        break;
      case 'unexpected_http_status_code':
        finding((result.status ?? 0) >= 500 ? 'server-error' : 'rejected-answer', message, at);
        break;
      case 'flow-token-invalid':
        finding('token-refused', message, at);
        break;
      default:
        finding('no-answer', message, at);
    }
    report.outcome = 'stopped';
    return undefined;
  };

  // As the device does after rejecting an answer: report it, expecting an acknowledgement.
  const notify = async (request: Omit<DeviceRequest, 'flow_token'>, result: ExchangeResult) => {
    report.requests++;
    const ack = await exchangeWithEndpoint(channel, flow.contract, {
      action: request.action === 'INIT' ? 'INIT' : 'data_exchange',
      ...(request.screen !== undefined && { screen: request.screen }),
      flow_token: token,
      data: { error: result.fault, error_message: result.problems.join('; ').slice(0, 200) },
    });
    if (ack.fault) {
      finding(
        ack.fault === 'unexpected_http_status_code' && (ack.status ?? 0) >= 500
          ? 'server-error'
          : 'rejected-answer',
        `error notification: ${ack.problems.join('; ')}`,
        { fault: ack.fault },
      );
    }
  };

  /** Shows an accepted answer; true when the flow finished with SUCCESS. */
  const answered = (result: ExchangeResult): boolean => {
    const screen = result.screen ?? '';
    show(screen);
    if (screen === 'SUCCESS') {
      report.outcome = 'success';
      const response = result.data?.extension_message_response;
      if (isRecord(response) && isRecord(response.params)) {
        report.completion = { params: response.params };
      }
      return true;
    }
    device.showAnswer(screen, result.data ?? {});
    return false;
  };

  /** Back, locally or asking the endpoint (refresh_on_back); false when the journey is over. */
  const pressBack = async (): Promise<boolean> => {
    const back = device.back();
    if (back.kind === 'BACK') {
      const result = await send({ action: 'BACK', screen: back.screen });
      return result !== undefined && !answered(result);
    }
    if (back.kind === 'close') {
      report.outcome = 'closed';
      return false;
    }
    show(back.screen);
    return true;
  };

  // Picked files, encrypted as WhatsApp's CDN does, with keys from the seed: runs repeat exactly.
  let files = 0;
  const upload = (picked: SampleFile[]): MediaItem[] | undefined => {
    const media = options.media;
    if (!media) return undefined;
    return picked.map((file) => {
      files++;
      return media.upload(file, `${journey}${String(files).padStart(4, '0')}`, {
        encryptionKey: bytes(random, 32),
        hmacKey: bytes(random, 32),
        iv: bytes(random, 16),
      });
    });
  };

  // As the message opens it: INIT to the endpoint, or (navigate) a screen shown with its data.
  const opening = options.opening ?? defaultOpening(flow.json);
  if (opening.action === 'navigate') {
    device.open(opening.screen, opening.data);
    show(opening.screen);
  } else {
    const init = await send({ action: 'INIT' });
    if (!init || answered(init)) return report;
  }

  let errorsInARow = 0;
  for (let step = 0; step < options.maxSteps; step++) {
    const current = device.current;
    if (!current) {
      report.outcome = 'closed';
      return report;
    }
    // Back, now and then, where it makes the device ask the endpoint.
    const below = device.stack.at(-2);
    if (below && device.screen(below.id)?.refresh_on_back === true && random.chance(PRESS_BACK)) {
      if (!(await pressBack())) return report;
      continue;
    }

    const filled = await fillForm(
      device,
      random,
      errorsInARow === 0 && random.chance(INVALID_INPUT),
      send,
      answered,
      upload,
      () => files + 1,
    );
    if (filled === 'stop') return report;
    if (filled === 'success') return report;

    const screenId = device.current?.id ?? '';
    const { footer, links } = clickables(device);
    const missing = device.missingRequired();
    const canSubmit =
      footer !== undefined && footer.props.enabled !== false && missing.length === 0;
    let pressed: unknown;
    if (canSubmit && !(links.length > 0 && random.chance(FOLLOW_LINK)))
      pressed = footer.actions['on-click-action'];
    else if (links.length > 0) pressed = random.pick(links)?.action;
    else if (footer !== undefined) {
      finding(
        'dead-end',
        `${screenId}: the ${footer.props.label ?? 'Footer'} button stays disabled: ${describeMissing(device, missing)}`,
        { screen: screenId },
      );
      report.outcome = 'stopped';
      return report;
    }
    if (pressed === undefined) {
      // A screen to read (terms, say): the way on is back, unless it is the only screen.
      if (device.stack.length === 1) {
        finding('dead-end', `${screenId}: no action leads on from this screen`, {
          screen: screenId,
        });
        report.outcome = 'stopped';
        return report;
      }
      if (!(await pressBack())) return report;
      continue;
    }

    const outcome = device.press(pressed);
    if (outcome.kind === 'navigate') {
      show(outcome.screen);
      errorsInARow = 0;
    } else if (outcome.kind === 'complete') {
      // SUCCESS on the device: the flow closes and sends its payload as the nfm_reply.
      const completion = deviceCompletion(flow.json, outcome.payload, token);
      show('SUCCESS');
      report.outcome = 'complete';
      report.completion = { params: completion.params };
      if (completion.problems.length > 0) {
        finding('bad-completion', `complete on ${screenId}: ${completion.problems.join('; ')}`, {
          screen: screenId,
        });
      }
      return report;
    } else if (outcome.kind === 'data_exchange') {
      const result = await send({
        action: 'data_exchange',
        screen: outcome.screen,
        data: outcome.payload,
      });
      if (!result || answered(result)) return report;
      const again =
        result.screen === outcome.screen && typeof result.data?.error_message === 'string';
      errorsInARow = again ? errorsInARow + 1 : 0;
      if (errorsInARow >= MAX_ERRORS_IN_A_ROW) {
        finding(
          'dead-end',
          `${outcome.screen}: answered error_message ${errorsInARow} times in a row to valid input ("${String(result.data?.error_message)}")`,
          { screen: outcome.screen },
        );
        report.outcome = 'stopped';
        return report;
      }
    }
  }
  return report;
}

type Send = (request: Omit<DeviceRequest, 'flow_token'>) => Promise<ExchangeResult | undefined>;

/**
 * Fills the current screen's inputs in order, as a user does; an input's own data_exchange or
 * update_data action fires when it is set, and the screen is rendered anew after each.
 */
async function fillForm(
  device: DeviceSession,
  random: Random,
  allowInvalid: boolean,
  send: Send,
  answered: (result: ExchangeResult) => boolean,
  upload: (files: SampleFile[]) => MediaItem[] | undefined,
  nextFile: () => number,
): Promise<'ok' | 'stop' | 'success'> {
  const screen = device.current?.id;
  const done = new Set<string>();
  for (let guard = 0; guard < 60; guard++) {
    if (device.current?.id !== screen) return 'ok';
    const input = device
      .inputs()
      .find((candidate) => !done.has(candidate.name ?? '') && candidate.props.enabled !== false);
    if (!input) return 'ok';
    const name = input.name ?? '';
    done.add(name);
    const invalid = allowInvalid && random.chance(0.5);
    let value: unknown;
    if (input.type === 'PhotoPicker' || input.type === 'DocumentPicker') {
      const picked = chooseFiles(input, random, invalid, nextFile());
      value = picked && upload(picked);
      // Nothing picked is the empty value, as the device sends for an optional picker.
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    } else {
      const choice = chooseValue(input, random, invalid);
      if ('none' in choice) continue;
      value = choice.value;
    }
    for (const outcome of device.select(name, value)) {
      if (outcome.kind !== 'data_exchange') continue;
      const result = await send({
        action: 'data_exchange',
        screen: outcome.screen,
        data: outcome.payload,
      });
      if (!result) return 'stop';
      if (answered(result)) return 'success';
    }
  }
  return 'ok';
}

/** The current screen's Footer, and the other actions a user can tap (links, OptIn's "Read more"). */
function clickables(device: DeviceSession): {
  footer?: RenderedComponent;
  links: { action: unknown }[];
} {
  const components = flattenRendered(device.render());
  const footer = components.find((component) => component.type === 'Footer');
  const links: { action: unknown }[] = [];
  for (const component of components) {
    if (component.type === 'Footer') continue;
    const click = component.actions['on-click-action'];
    if (isRecord(click) && click.name !== 'open_url') links.push({ action: click });
  }
  return { ...(footer && { footer }), links };
}

function bytes(random: Random, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => random.int(0, 255)));
}

function describeMissing(device: DeviceSession, missing: readonly string[]): string {
  const inputs = device.inputs();
  return missing
    .map((name) => {
      const input = inputs.find((candidate) => candidate.name === name);
      const empty = input && 'data-source' in input.props && selectableOptions(input).length === 0;
      if (empty) return `${name} is required but has no option to choose`;
      if (input?.type === 'PhotoPicker' || input?.type === 'DocumentPicker')
        return `${name} needs files, and no media CDN was given for them`;
      return `${name} is required but cannot be filled`;
    })
    .join('; ');
}

/** Hands the journey's completion to the webhook; a refusal is a finding. */
async function deliver(webhook: WebhookChannel, report: JourneyReport): Promise<void> {
  if (!report.completion) return;
  const posted = await postCompletion(webhook, report.completion.params);
  if (posted.problem === undefined) {
    report.completion.messageId = posted.messageId;
    return;
  }
  report.findings.push({
    kind: 'webhook-refused',
    journey: report.journey,
    request: report.requests,
    message: `completion: ${posted.problem}`,
  });
}
