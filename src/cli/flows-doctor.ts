import { Command } from 'commander';
import { DEFAULT_PINGS, DEFAULT_TIME_LIMIT_MS, runDoctor } from '../device/doctor/run-doctor';
import type { DoctorLine } from '../device/doctor/doctor-line';
import { parseFlag } from './parse-flag';
import { servedFlowHasInit } from './served-flows';
import { action } from './run-cli';
import { nothingAnswers } from '../device/doctor/nothing-answers';
import {
  appSecretOrigin,
  parseUrl,
  positiveInt,
  readChannel,
  thisServerFlow,
  tokenSource,
  withDeviceFlags,
  type DeviceFlags,
} from './device-options';

/** Long enough for a distant host to refuse; a slow answer is the checks' business. */
const REACH_TIMEOUT_MS = 5000;

interface DoctorFlags extends DeviceFlags {
  pings?: string;
  timeLimit?: string;
}

/** `doctor <url>`: WhatsApp's checks against a Flows endpoint; exit 1 when one failed. */
export function doctorCommand(): Command {
  return withDeviceFlags(
    new Command('doctor')
      .description("play WhatsApp's checks against a Flows endpoint (this server or another)")
      .argument('<url>', 'the endpoint, e.g. https://example.com/flows/book-appointment'),
  )
    .option('--pings <n>', `pings for the latency figures (default ${DEFAULT_PINGS})`)
    .option(
      '--time-limit <seconds>',
      `stop sending after this (default ${DEFAULT_TIME_LIMIT_MS / 1000})`,
    )
    .addHelpText(
      'after',
      [
        '',
        'Prints one line per check (ok, FAIL with the fix, warn). Signatures are checked when',
        'APP_SECRET (or --app-secret-file) holds the Meta app secret. INIT is played with',
        "--flow-token, or, for this server's /flows/<flow>, with a token it issues and checked",
        "against the flow's flow.json; a flow of this server without an INIT handler (opened with",
        'navigate) is not sent one: a warning says so.',
        '',
        'Example:',
        '  npm run flows -- doctor https://example.com/flows/book-appointment \\',
        '    --public-key keys/public.pem --app-secret-file .app-secret --flow-token "$TOKEN"',
      ].join('\n'),
    )
    .action(
      action(async (urlArg: string, flags: DoctorFlags) => {
        const url = parseUrl(urlArg);
        const pings =
          flags.pings === undefined
            ? undefined
            : parseFlag(positiveInt(50), flags.pings, '--pings');
        const seconds =
          flags.timeLimit === undefined
            ? undefined
            : parseFlag(positiveInt(600), flags.timeLimit, '--time-limit');
        const channel = readChannel(url, flags);
        const thisServer = thisServerFlow(url);
        const skipInit =
          thisServer && servedFlowHasInit(thisServer.name) === false
            ? `flow ${thisServer.name} has no INIT handler: its messages open it with navigate, so WhatsApp sends it no INIT`
            : undefined;
        const tokens =
          flags.flowToken !== undefined || (thisServer && !skipInit)
            ? tokenSource(url, thisServer?.name ?? '', flags.flowToken)
            : undefined;
        const unreachable = await nothingAnswers(channel.url, REACH_TIMEOUT_MS);
        if (unreachable !== undefined) {
          console.error(
            `nothing answers at ${url.toString()} (${unreachable}): is the server running, and is the URL right?`,
          );
          return 1;
        }
        console.log(`doctor ${url.toString()}`);
        if (tokens) console.log(`flow token: ${tokens.origin}`);
        const secretOrigin = appSecretOrigin(flags);
        if (secretOrigin) console.log(`signatures: X-Hub-Signature-256 with ${secretOrigin}`);
        const lines = await runDoctor({
          url: channel.url,
          publicKey: channel.publicKey,
          ...(channel.appSecret !== undefined && { appSecret: channel.appSecret }),
          ...(tokens && { flowToken: tokens(), flowTokenOrigin: tokens.origin }),
          ...(skipInit && { skipInit }),
          ...(thisServer && { contract: thisServer.contract }),
          ...(pings !== undefined && { pings }),
          ...(seconds !== undefined && { timeLimitMs: seconds * 1000 }),
          onLine: (line) => console.log(formatLine(line)),
        });
        const failed = lines.filter((line) => line.verdict === 'FAIL').length;
        const warned = lines.filter((line) => line.verdict === 'warn').length;
        console.log(
          failed === 0
            ? `all ${lines.length} checks passed${warned ? ` (${warned} warning${warned > 1 ? 's' : ''})` : ''}`
            : `${failed} of ${lines.length} checks failed`,
        );
        return failed === 0 ? 0 : 1;
      }),
    );
}

function formatLine(line: DoctorLine): string {
  const head = `${line.verdict.padEnd(4)}  ${line.check.padEnd(26)} ${line.detail}`;
  return line.fix ? `${head}\n      fix: ${line.fix}` : head;
}
