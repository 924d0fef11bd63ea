import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import type { DeviceFlow } from '../device/device-flow';
import { defaultOpening, exampleData, type DeviceOpening } from '../device/device-opening';
import type { WebhookChannel } from '../device/completion/post-completion';
import { checkOpeningData, entryScreens } from '../whatsapp-api/check-opening-data';
import { isThisServer } from './device-options';
import { parseFlag } from './parse-flag';
import { servedFlowHasInit } from './served-flows';
import { UsageError } from './usage-error';
import { parseDataFlag } from './whatsapp-cli';

/** How simulate and explore are told to open the flow, and where completions go. */
export interface OpeningFlags {
  open?: string;
  screen?: string;
  data?: string;
  webhookUrl?: string;
}

const OPEN_FLAG = z.enum(['navigate', 'data_exchange'], {
  error: 'navigate or data_exchange',
});

const WEBHOOK_URL = z.url({
  protocol: /^https?$/,
  error: 'an http(s) URL such as http://127.0.0.1:3000/webhooks/whatsapp',
});

/** --open, --screen and --data (as `flows send` takes them) and --webhook-url, for `.option(...)`. */
export const OPEN_OPTION = [
  '--open <action>',
  "navigate or data_exchange, as the message's flow_action (default: data_exchange when the flow answers INIT)",
] as const;
export const SCREEN_OPTION = [
  '--screen <screen>',
  'open this screen (navigate) instead of asking the endpoint',
] as const;
export const DATA_OPTION = [
  '--data <json>',
  "the opening screen's data as flow.json declares it (default: its __example__s)",
] as const;
export const WEBHOOK_URL_OPTION = [
  '--webhook-url <url>',
  'deliver each completion there as a signed nfm_reply (APP_SECRET or WEBHOOK_SECRET)',
] as const;

/**
 * How the flow opens, as a message would open it: `data_exchange` (INIT) when this server's flow
 * has an INIT handler (elsewhere: when flow.json says it needs the endpoint at open), unless
 * --open says otherwise; `navigate` to --screen (or the entry screen) with --data (or the screen's
 * `__example__`s), checked against what that screen declares.
 */
export function readOpening(
  flow: DeviceFlow & { name: string },
  url: URL,
  flags: OpeningFlags,
): DeviceOpening {
  const asked = flags.open === undefined ? undefined : parseFlag(OPEN_FLAG, flags.open, '--open');
  const navigateAsked = flags.screen !== undefined || flags.data !== undefined;
  if (asked === 'data_exchange' && navigateAsked) {
    throw new UsageError('--screen/--data open the flow with navigate, not --open data_exchange');
  }
  const served = isThisServer(url, flow.name) ? servedFlowHasInit(flow.name) : undefined;
  const action =
    asked ??
    (navigateAsked
      ? 'navigate'
      : served === undefined
        ? defaultOpening(flow.json).action
        : served
          ? 'data_exchange'
          : 'navigate');
  if (action === 'data_exchange') return { action };

  const screenId = flags.screen ?? entryScreens(flow.json)[0];
  const screen = flow.json.screens.find((candidate) => candidate.id === screenId);
  if (screenId === undefined || !screen) {
    throw new UsageError(`--screen: flow.json has no screen "${screenId ?? ''}"`);
  }
  const data = parseDataFlag(flags.data) ?? exampleData(screen);
  const problems = checkOpeningData(flow.json, screen.id, data);
  if (problems.length > 0) throw new UsageError(`--data/--screen: ${problems.join('; ')}`);
  return { action, screen: screen.id, data };
}

/** --webhook-url, signed with APP_SECRET (Meta's way) or sent with WEBHOOK_SECRET (360dialog's). */
export function readWebhook(
  flags: OpeningFlags,
  appSecret: string | undefined,
): WebhookChannel | undefined {
  if (flags.webhookUrl === undefined) return undefined;
  const url = parseFlag(WEBHOOK_URL, flags.webhookUrl, '--webhook-url');
  loadDotenv({ quiet: true });
  // Like the server's variable, it may hold several while one is rotated: the first is sent.
  const webhookSecret = process.env.WEBHOOK_SECRET?.split(',')[0]?.trim() || undefined;
  if (appSecret === undefined && webhookSecret === undefined) {
    throw new UsageError(
      '--webhook-url: set APP_SECRET (or --app-secret-file) or WEBHOOK_SECRET to authenticate the deliveries',
    );
  }
  return {
    url,
    ...(appSecret !== undefined && { appSecret }),
    ...(webhookSecret !== undefined && { webhookSecret }),
  };
}
