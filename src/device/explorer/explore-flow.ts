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
import type { MediaUploader } from '../media/start-stand-in-cdn';
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
  const walker = new Journey(options, journey, random);
  if (!(await walker.open())) return walker.report;
  for (let step = 0; step < options.maxSteps; step++) {
    if (!(await walker.step())) break;
  }
  return walker.report;
}

type Request = Omit<DeviceRequest, 'flow_token'>;

/** One user's way through the flow: the device, what was sent, and what was found. */
class Journey {
  readonly report: JourneyReport;
  private readonly device: DeviceSession;
  private readonly token: string;
  private files = 0;
  private errorsInARow = 0;

  constructor(
    private readonly options: ExploreOptions,
    private readonly journey: number,
    private readonly random: Random,
  ) {
    this.device = new DeviceSession(options.flow.json);
    this.token = options.token();
    this.report = { journey, outcome: 'gave-up', path: [], requests: 0, findings: [] };
  }

  /** As the message opens it: INIT to the endpoint, or (navigate) a screen shown with its data. */
  async open(): Promise<boolean> {
    const opening = this.options.opening ?? defaultOpening(this.options.flow.json);
    if (opening.action === 'navigate') {
      this.device.open(opening.screen, opening.data);
      this.show(opening.screen);
      return true;
    }
    const init = await this.send({ action: 'INIT' });
    return init !== undefined && !this.answered(init);
  }

  /** One visit of the current screen: fill it, then press on; false when the journey is over. */
  async step(): Promise<boolean> {
    const { device, random } = this;
    if (!device.current) {
      this.report.outcome = 'closed';
      return false;
    }
    // Back, now and then, where it makes the device ask the endpoint.
    const below = device.stack.at(-2);
    if (below && device.screen(below.id)?.refresh_on_back === true && random.chance(PRESS_BACK)) {
      return this.pressBack();
    }
    const filled = await fillForm(
      device,
      random,
      this.errorsInARow === 0 && random.chance(INVALID_INPUT),
      (request) => this.send(request),
      (result) => this.answered(result),
      (picked) => this.upload(picked),
      () => this.files + 1,
    );
    if (filled !== 'ok') return false;
    const pressed = this.choosePress();
    if (pressed === 'over') return false;
    if (pressed === 'back') return this.pressBack();
    return this.press(pressed.action);
  }

  /** The footer, or now and then a link; back on a screen to read; a dead end otherwise. */
  private choosePress(): { action: unknown } | 'back' | 'over' {
    const { device, random } = this;
    const screenId = device.current?.id ?? '';
    const { footer, links } = clickables(device);
    const missing = device.missingRequired();
    const canSubmit =
      footer !== undefined && footer.props.enabled !== false && missing.length === 0;
    let action: unknown;
    if (canSubmit && !(links.length > 0 && random.chance(FOLLOW_LINK)))
      action = footer.actions['on-click-action'];
    else if (links.length > 0) action = random.pick(links)?.action;
    else if (footer !== undefined) {
      return this.deadEnd(
        screenId,
        `${screenId}: the ${footer.props.label ?? 'Footer'} button stays disabled: ${describeMissing(device, missing)}`,
      );
    }
    if (action !== undefined) return { action };
    // A screen to read (terms, say): the way on is back, unless it is the only screen.
    if (device.stack.length === 1) {
      return this.deadEnd(screenId, `${screenId}: no action leads on from this screen`);
    }
    return 'back';
  }

  private deadEnd(screen: string, message: string): 'over' {
    this.finding('dead-end', message, { screen });
    this.report.outcome = 'stopped';
    return 'over';
  }

  /** Presses an action on the device; false when the journey is over. */
  private async press(pressed: unknown): Promise<boolean> {
    const screenId = this.device.current?.id ?? '';
    const outcome = this.device.press(pressed);
    if (outcome.kind === 'navigate') {
      this.show(outcome.screen);
      this.errorsInARow = 0;
    } else if (outcome.kind === 'complete') {
      this.complete(screenId, outcome.payload);
      return false;
    } else if (outcome.kind === 'data_exchange') {
      return this.exchange(outcome.screen, outcome.payload);
    }
    return true;
  }

  /** SUCCESS on the device: the flow closes and sends its payload as the nfm_reply. */
  private complete(screenId: string, payload: Record<string, unknown>): void {
    const completion = deviceCompletion(this.options.flow.json, payload, this.token);
    this.show('SUCCESS');
    this.report.outcome = 'complete';
    this.report.completion = { params: completion.params };
    if (completion.problems.length > 0) {
      this.finding('bad-completion', `complete on ${screenId}: ${completion.problems.join('; ')}`, {
        screen: screenId,
      });
    }
  }

  /** A screen's data_exchange; the same error_message again and again to valid input is a dead end. */
  private async exchange(screen: string, data: Record<string, unknown>): Promise<boolean> {
    const result = await this.send({ action: 'data_exchange', screen, data });
    if (!result || this.answered(result)) return false;
    const again = result.screen === screen && typeof result.data?.error_message === 'string';
    this.errorsInARow = again ? this.errorsInARow + 1 : 0;
    if (this.errorsInARow < MAX_ERRORS_IN_A_ROW) return true;
    this.deadEnd(
      screen,
      `${screen}: answered error_message ${this.errorsInARow} times in a row to valid input ("${String(result.data?.error_message)}")`,
    );
    return false;
  }

  private show(screen: string): void {
    if (this.report.path.at(-1) !== screen) this.report.path.push(screen);
  }

  private finding(kind: Finding['kind'], message: string, extra: Partial<Finding> = {}): void {
    const { journey, requests } = this.report;
    this.report.findings.push({ kind, journey, request: requests, message, ...extra });
  }

  /** Sends a request; undefined when the journey cannot go on (the device shows an error). */
  private async send(request: Request): Promise<ExchangeResult | undefined> {
    const { flow, channel } = this.options;
    this.report.requests++;
    const result = await exchangeWithEndpoint(channel, flow.contract, {
      ...request,
      flow_token: this.token,
    });
    if (!result.fault) return result;
    await this.fault(request, result);
    this.report.outcome = 'stopped';
    return undefined;
  }

  private async fault(request: Request, result: ExchangeResult): Promise<void> {
    const at = {
      fault: result.fault,
      ...(request.screen !== undefined && { screen: request.screen }),
    };
    const message = `${request.action}${request.screen ? ` ${request.screen}` : ''}: ${result.problems.join('; ')}`;
    switch (result.fault) {
      case 'invalid-screen-transition':
      case 'payload-schema-error':
      case 'response-decryption-error':
        this.finding('rejected-answer', message, at);
        await this.notify(request, result);
        break;
      case 'unexpected_http_status_code':
        this.finding((result.status ?? 0) >= 500 ? 'server-error' : 'rejected-answer', message, at);
        break;
      case 'flow-token-invalid':
        this.finding('token-refused', message, at);
        break;
      default:
        this.finding('no-answer', message, at);
    }
  }

  // As the device does after rejecting an answer: report it, expecting an acknowledgement.
  private async notify(request: Request, result: ExchangeResult): Promise<void> {
    const { flow, channel } = this.options;
    this.report.requests++;
    const ack = await exchangeWithEndpoint(channel, flow.contract, {
      action: request.action === 'INIT' ? 'INIT' : 'data_exchange',
      ...(request.screen !== undefined && { screen: request.screen }),
      flow_token: this.token,
      data: { error: result.fault, error_message: result.problems.join('; ').slice(0, 200) },
    });
    if (ack.fault) {
      this.finding(
        ack.fault === 'unexpected_http_status_code' && (ack.status ?? 0) >= 500
          ? 'server-error'
          : 'rejected-answer',
        `error notification: ${ack.problems.join('; ')}`,
        { fault: ack.fault },
      );
    }
  }

  /** Shows an accepted answer; true when the flow finished with SUCCESS. */
  private answered(result: ExchangeResult): boolean {
    const screen = result.screen ?? '';
    this.show(screen);
    if (screen === 'SUCCESS') {
      this.report.outcome = 'success';
      const response = result.data?.extension_message_response;
      if (isRecord(response) && isRecord(response.params)) {
        this.report.completion = { params: response.params };
      }
      return true;
    }
    this.device.showAnswer(screen, result.data ?? {});
    return false;
  }

  /** Back, locally or asking the endpoint (refresh_on_back); false when the journey is over. */
  private async pressBack(): Promise<boolean> {
    const back = this.device.back();
    if (back.kind === 'BACK') {
      const result = await this.send({ action: 'BACK', screen: back.screen });
      return result !== undefined && !this.answered(result);
    }
    if (back.kind === 'close') {
      this.report.outcome = 'closed';
      return false;
    }
    this.show(back.screen);
    return true;
  }

  // Picked files, encrypted as WhatsApp's CDN does, with keys from the seed: runs repeat exactly.
  private upload(picked: SampleFile[]): MediaItem[] | undefined {
    const media = this.options.media;
    if (!media) return undefined;
    return picked.map((file) => {
      this.files++;
      return media.upload(file, `${this.journey}${String(this.files).padStart(4, '0')}`, {
        encryptionKey: bytes(this.random, 32),
        hmacKey: bytes(this.random, 32),
        iv: bytes(this.random, 16),
      });
    });
  }
}

type Send = (request: Request) => Promise<ExchangeResult | undefined>;

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
