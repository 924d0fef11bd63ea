import type { Command } from 'commander';
import type { DeviceOpening } from '../device/device-opening';
import type { DeviceChannel } from '../device/device-channel';
import type { DeviceFlow } from '../device/device-flow';
import type { WebhookChannel } from '../device/completion/post-completion';
import type { LoopbackCdnOptions } from '../device/media/start-stand-in-cdn';
import {
  DATA_OPTION,
  OPEN_OPTION,
  readOpening,
  readWebhook,
  SCREEN_OPTION,
  WEBHOOK_URL_OPTION,
  type OpeningFlags,
} from './device-opening';
import {
  parseCdnFlags,
  parseUrl,
  readChannel,
  readFlowArgument,
  withCdnFlags,
  withDeviceFlags,
  type CdnFlags,
  type DeviceFlags,
} from './device-options';

/** What simulate and explore share on the command line: where, with which keys, how it opens. */
export interface JourneyFlags extends DeviceFlags, CdnFlags, OpeningFlags {
  url: string;
}

/** Adds the journey flags (after the command's own, so that its help reads in that order). */
export function withJourneyFlags(command: Command): Command {
  return withCdnFlags(
    withDeviceFlags(
      command.requiredOption(
        '--url <url>',
        'the endpoint, e.g. http://127.0.0.1:3000/flows/book-appointment',
      ),
    ),
  )
    .option('--json', 'print machine-readable results')
    .option(...OPEN_OPTION)
    .option(...SCREEN_OPTION)
    .option(...DATA_OPTION)
    .option(...WEBHOOK_URL_OPTION);
}

export interface Journey {
  flow: DeviceFlow & { name: string };
  url: URL;
  cdnOptions: LoopbackCdnOptions;
  channel: DeviceChannel;
  opening: DeviceOpening;
  webhook: WebhookChannel | undefined;
}

/** The journey's flow, endpoint, channel, opening and webhook, every flag checked before a request. */
export function readJourney(flowArg: string, flags: JourneyFlags): Journey {
  const flow = readFlowArgument(flowArg);
  const url = parseUrl(flags.url);
  const cdnOptions = parseCdnFlags(flags);
  const channel = readChannel(url, flags);
  return {
    flow,
    url,
    cdnOptions,
    channel,
    opening: readOpening(flow, url, flags),
    webhook: readWebhook(flags, channel.appSecret),
  };
}
