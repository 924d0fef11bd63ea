import { Command } from 'commander';
import { exploreFlow, type JourneyReport } from '../device/explorer/explore-flow';
import { groupFindings } from '../device/explorer/finding';
import type { LoopbackCdn } from '../device/media/start-stand-in-cdn';
import { usesMedia } from '../device/media/uses-media';
import { parseFlag } from './parse-flag';
import { action } from './run-cli';
import { positiveInt, startCdn, tokenSource } from './device-options';
import { readJourney, withJourneyFlags, type JourneyFlags } from './journey-flags';

interface ExploreFlags extends JourneyFlags {
  journeys?: string;
  seed?: string;
  maxSteps?: string;
}

const SEED = positiveInt(2 ** 31);

/** `explore <flow> --url U`: unscripted journeys; exit 1 on a rejected answer, a 5xx or a dead end. */
export function exploreCommand(): Command {
  return withJourneyFlags(
    new Command('explore')
      .description('walk a flow as many users would, reporting rejected answers, 5xx and dead ends')
      .argument('<flow>', 'a flow name (flows/<flow>/flow.json) or the path of a flow.json'),
  )
    .option('--journeys <n>', 'how many journeys (default 20)')
    .option('--seed <n>', 'the same seed walks the same journeys (default 1)')
    .option('--max-steps <n>', 'presses per journey before it is given up (default 40)')
    .addHelpText(
      'after',
      [
        '',
        'A flow without INIT (navigate-only, answers by webhook) opens on its entry screen with its',
        '__example__ data and reaches SUCCESS at its complete action, checked against flow.json.',
        'A flow token is issued for each journey when --url is this server; with --flow-token every',
        'journey uses that one (a single-use token then stops after the first completion).',
        '',
        'A flow with a PhotoPicker or DocumentPicker gets small files of the allowed types, encrypted as',
        "WhatsApp's CDN does and served from a stand-in CDN on 127.0.0.1: the endpoint must be able to",
        'download from it (this server: MEDIA_ALLOW_LOOPBACK=true; a remote one: --cdn-url).',
        '',
        'Example:',
        '  npm run flows -- explore book-appointment --url http://127.0.0.1:3000/flows/book-appointment \\',
        '    --public-key keys/public.pem --journeys 50 --seed 7',
        '  npm run flows -- explore feedback --url http://127.0.0.1:3000/flows/feedback \\',
        '    --public-key keys/public.pem --webhook-url http://127.0.0.1:3000/webhooks/whatsapp',
      ].join('\n'),
    )
    .action(
      action(async (flowArg: string, flags: ExploreFlags) => {
        const { flow, url, cdnOptions, channel, opening, webhook } = readJourney(flowArg, flags);
        const journeys =
          flags.journeys === undefined
            ? 20
            : parseFlag(positiveInt(500), flags.journeys, '--journeys');
        const seed = flags.seed === undefined ? 1 : parseFlag(SEED, flags.seed, '--seed');
        const maxSteps =
          flags.maxSteps === undefined
            ? 40
            : parseFlag(positiveInt(200), flags.maxSteps, '--max-steps');
        const token = tokenSource(url, flow.name, flags.flowToken);
        const opens =
          opening.action === 'navigate'
            ? `opening ${opening.screen} on the device (navigate)`
            : 'opening with INIT (data_exchange)';
        if (!flags.json)
          console.log(
            `explore ${flow.name} against ${url.toString()}: ${journeys} journeys, seed ${seed}, ${opens}`,
          );
        const cdn: LoopbackCdn | undefined = usesMedia(flow.json)
          ? await startCdn(url, cdnOptions, flags.json === true)
          : undefined;
        let report;
        try {
          report = await exploreFlow({
            channel,
            flow,
            journeys,
            seed,
            maxSteps,
            token,
            opening,
            ...(webhook && { webhook }),
            ...(cdn && { media: cdn }),
            onJourney: (journey) => {
              if (!flags.json) console.log(formatJourney(journey));
            },
          });
        } finally {
          await cdn?.close();
        }
        const findings = groupFindings(report.journeys.flatMap((journey) => journey.findings));
        const count = (kind: string) =>
          findings
            .filter((finding) => finding.kind === kind)
            .reduce((sum, finding) => sum + finding.count, 0);
        const summary = {
          journeys,
          seed,
          requests: report.requests,
          reachedSuccess: report.completed,
          successShare: journeys === 0 ? 0 : report.completed / journeys,
          rejectedAnswers: count('rejected-answer'),
          serverErrors: count('server-error'),
          deadEnds: count('dead-end'),
          noAnswer: count('no-answer'),
          tokensRefused: count('token-refused'),
          badCompletions: count('bad-completion'),
          webhookRefused: count('webhook-refused'),
        };
        // A token issued here for each journey should never be refused; a given one may be, once
        // a journey completed with it (tokens are single-use by default).
        const refusedFails = flags.flowToken === undefined ? summary.tokensRefused : 0;
        const failed =
          summary.rejectedAnswers +
            summary.serverErrors +
            summary.deadEnds +
            summary.noAnswer +
            summary.badCompletions +
            summary.webhookRefused +
            refusedFails >
          0;
        if (flags.json) {
          console.log(
            JSON.stringify(
              {
                flow: flow.name,
                url: url.toString(),
                ok: !failed,
                summary,
                findings,
                journeys: report.journeys,
              },
              null,
              2,
            ),
          );
          return failed ? 1 : 0;
        }
        if (refusedFails > 0) {
          console.log(
            'note: the endpoint refused the flow tokens issued here: FLOW_TOKEN_SECRET must be the server’s',
          );
        }
        for (const finding of findings) {
          console.log(
            `${finding.kind === 'token-refused' && refusedFails === 0 ? 'note' : 'FAIL'}  ${finding.kind}${finding.fault ? ` (${finding.fault})` : ''}: ${finding.message}` +
              `  [${finding.count}×, first in journey ${finding.journey}, request ${finding.request}]`,
          );
        }
        console.log(
          `SUCCESS reached in ${summary.reachedSuccess} of ${journeys} journeys (${Math.round(summary.successShare * 100)} %), ` +
            `${summary.requests} requests; rejected answers ${summary.rejectedAnswers}, 5xx ${summary.serverErrors}, ` +
            `dead ends ${summary.deadEnds}${summary.noAnswer ? `, no answer ${summary.noAnswer}` : ''}` +
            `${summary.tokensRefused ? `, tokens refused ${summary.tokensRefused}` : ''}` +
            `${summary.badCompletions ? `, completions unlike flow.json ${summary.badCompletions}` : ''}` +
            `${webhook ? `; ${report.journeys.filter((j) => j.completion?.messageId).length} completions delivered to the webhook` : ''}`,
        );
        return failed ? 1 : 0;
      }),
    );
}

function formatJourney(journey: JourneyReport): string {
  const mark = journey.findings.length > 0 ? ' ✗' : '';
  return `journey ${String(journey.journey).padStart(3)}: ${journey.path.join(' → ') || '(no screen)'}  [${journey.outcome}, ${journey.requests} requests]${mark}`;
}
