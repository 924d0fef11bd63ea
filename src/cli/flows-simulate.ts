import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { Command } from 'commander';
import { sampleFile, type SampleFile } from '../device/media/sample-files';
import type { LoopbackCdn } from '../device/media/start-stand-in-cdn';
import {
  picksMedia,
  replaceMediaPlaceholders,
  type MediaPlaceholder,
} from '../device/simulator/media-placeholders';
import { isNotification } from '../device/flow-exchange';
import { journeySchema } from '../device/simulator/journey-step';
import { runJourney, stepFailed, type StepReport } from '../device/simulator/run-journey';
import { summarizeData } from '../device/simulator/summarize-data';
import { readJsonFile } from '../util/read-json-file';
import { action } from './run-cli';
import { UsageError } from './usage-error';
import { startCdn, tokenSource } from './device-options';
import { readJourney, withJourneyFlags, type JourneyFlags } from './journey-flags';

interface SimulateFlags extends JourneyFlags {
  steps: string;
}

/** `simulate <flow> --url U --steps FILE`: a scripted journey; exit 1 when a step failed. */
export function simulateCommand(): Command {
  return withJourneyFlags(
    new Command('simulate')
      .description(
        'play a scripted journey against an endpoint, checking each answer as the device does',
      )
      .argument('<flow>', 'a flow name (flows/<flow>/flow.json) or the path of a flow.json')
      .requiredOption('--steps <file>', 'a JSON array of steps: {action, screen?, data?, expect?}'),
  )
    .addHelpText(
      'after',
      [
        '',
        'Steps: action is INIT, data_exchange, BACK or ping; screen defaults to the screen last shown',
        '(BACK: the one before it); data {"error": KEY, ...} sends an error notification; expect may',
        'name {screen, status, error_message}. A flow token is issued when --url is this server.',
        'INIT opens the flow as the message does: with --open navigate (the default for a flow without',
        'INIT) it shows the entry screen with its __example__ data (or --screen/--data) and sends',
        'nothing. navigate and complete run on the device: data is the form entered, then the action',
        'of that name is pressed; complete reaches SUCCESS with the params checked against flow.json.',
        '',
        'A picked file (a PhotoPicker or DocumentPicker value) is written in data as',
        '"photos": [{"$file": "photo.jpg"}] (from the steps file\'s folder) or [{"$sample": "image/jpeg"}]:',
        "it is encrypted as WhatsApp's CDN does and served from a stand-in CDN on 127.0.0.1, which the",
        'endpoint must be able to download from (this server: MEDIA_ALLOW_LOOPBACK=true; else --cdn-url).',
        '',
        'Example:',
        '  npm run flows -- simulate book-appointment --url http://127.0.0.1:3000/flows/book-appointment \\',
        '    --public-key keys/public.pem --steps journey.json',
        '  npm run flows -- simulate feedback --url http://127.0.0.1:3000/flows/feedback \\',
        '    --public-key keys/public.pem --steps test/fixtures/journeys/feedback.json \\',
        '    --webhook-url http://127.0.0.1:3000/webhooks/whatsapp',
      ].join('\n'),
    )
    .action(
      action(async (flowArg: string, flags: SimulateFlags) => {
        const { flow, url, cdnOptions, channel, opening, webhook } = readJourney(flowArg, flags);
        const read = readJsonFile(flags.steps);
        if ('error' in read) throw new UsageError(`--steps: ${flags.steps}: ${read.error}`);
        const parsed = journeySchema.safeParse(read.json);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new UsageError(
            `--steps: ${flags.steps}: [${issue?.path.join('.') ?? ''}] ${issue?.message ?? ''}`,
          );
        }
        const token = tokenSource(url, flow.name, flags.flowToken)();
        if (!flags.json) console.log(`simulate ${flow.name} against ${url.toString()}`);
        let steps = parsed.data;
        let cdn: LoopbackCdn | undefined;
        if (picksMedia(steps)) {
          const media = await startCdn(url, cdnOptions, flags.json === true);
          cdn = media;
          const folder = dirname(flags.steps);
          try {
            steps = replaceMediaPlaceholders(steps, (placeholder, mediaId) =>
              media.upload(pickedFile(placeholder, folder, Number(mediaId)), mediaId),
            );
          } catch (err) {
            await media.close();
            if (err instanceof UsageError) throw err;
            throw new UsageError(`--steps: ${flags.steps}: ${(err as Error).message}`);
          }
        }
        let reports;
        try {
          reports = await runJourney(channel, flow, steps, token, {
            opening,
            ...(webhook && { webhook }),
            onStep: (report) => {
              if (!flags.json) console.log(formatStep(report));
            },
          });
        } finally {
          await cdn?.close();
        }
        const failed = reports.find(stepFailed);
        if (flags.json) {
          console.log(
            JSON.stringify(
              { flow: flow.name, url: url.toString(), ok: failed === undefined, steps: reports },
              null,
              2,
            ),
          );
        } else if (failed === undefined) {
          console.log(`all ${reports.length} steps ok`);
        } else {
          console.log(
            failed.step < steps.length
              ? `stopped at step ${failed.step} of ${steps.length}: the steps after a failed one are not sent`
              : `step ${failed.step} of ${steps.length} failed`,
          );
        }
        return failed === undefined ? 0 : 1;
      }),
    );
}

/** The file a placeholder names: read from disk, or a small sample of the type. */
function pickedFile(placeholder: MediaPlaceholder, folder: string, n: number): SampleFile {
  if ('$sample' in placeholder) {
    const sample = sampleFile(placeholder.$sample, n);
    return placeholder.file_name ? { ...sample, fileName: placeholder.file_name } : sample;
  }
  const path = resolve(folder, placeholder.$file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new UsageError(`--steps: cannot read the picked file ${path}: ${(err as Error).message}`);
  }
  return {
    fileName: placeholder.file_name ?? basename(path),
    mimeType: 'application/octet-stream',
    bytes,
  };
}

function formatStep(report: StepReport): string {
  const { request } = report;
  const notification = isNotification(request.data)
    ? '(error)'
    : report.onDevice && request.action === 'INIT'
      ? '(navigate)'
      : undefined;
  const sent = [request.action, request.screen, notification].filter(Boolean).join(' ');
  const answered = report.onDevice
    ? 'device'
    : report.status === undefined
      ? 'no answer'
      : String(report.status);
  const lines = [
    `${String(report.step).padStart(2)}  ${sent.padEnd(28)} → ${(report.screen ?? '-').padEnd(14)} ${answered}  ${report.ms} ms`,
  ];
  if (report.data && !report.fault) {
    for (const line of summarizeData(report.data)) lines.push(`      ${line}`);
  }
  if (report.completion?.messageId !== undefined) {
    lines.push(`      delivered to the webhook as ${report.completion.messageId}`);
  }
  const mark = stepFailed(report) ? 'FAIL' : 'note';
  for (const problem of report.problems)
    lines.push(`    ${mark} ${report.fault ? `${report.fault}: ` : ''}${problem}`);
  for (const problem of report.unmet) lines.push(`    FAIL ${problem}`);
  return lines.join('\n');
}
