import { Command } from 'commander';
import { buildCommand } from './flows-build';
import { devCommand } from './dev';
import { flowCommand } from './flow-commands';
import { initCommand } from './flows-init';
import { newCommand } from './flows-new';
import { startCommand } from './flows-start';
import { testCommand } from './flows-test';
import { projectFlows } from './served-flows';
import { doctorCommand } from './flows-doctor';
import { exploreCommand } from './flows-explore';
import { simulateCommand } from './flows-simulate';
import { completionsCommand } from './flows-completions';
import { deployCommand } from './flows-deploy';
import { eventsCommand } from './flows-events';
import { remoteCommand } from './flows-remote';
import { replyCommand } from './flows-reply';
import { sendCommand } from './flows-send';
import { templateCommand } from './flows-template';
import { tokenCommand } from './flows-token';
import { typesCommand } from './flows-types';
import { validateCommand } from './flows-validate';
import { webhookCommand } from './flows-webhook';
import { keysCommand } from './keys';
import { mediaCommand } from './flows-media';
import { tenantsCommand } from './tenants';

/**
 * The whole command line, `flows-endpoint <command>` (`npm run flows -- <command>`,
 * `npm run keys -- <subcommand>`). A new command is a file exporting a `Command` and one
 * `addCommand` here.
 */
export function createProgram(): Command {
  const program = new Command('flows-endpoint')
    .description('WhatsApp Flows: check, type, deploy, send and serve flows')
    .option('--verbose', 'print the stack of an unexpected failure (or set DEBUG=1)')
    .addHelpText(
      'after',
      '\nExamples:\n  npx flows-endpoint validate flows\n  npm run flows -- token book-appointment --help\n\nExit codes: 0 done, 1 problems found or failed, 2 a mistake to fix (one line says what).',
    )
    .addCommand(initCommand())
    .addCommand(newCommand())
    .addCommand(devCommand())
    .addCommand(startCommand())
    .addCommand(buildCommand())
    .addCommand(testCommand())
    .addCommand(validateCommand())
    .addCommand(typesCommand())
    .addCommand(tokenCommand())
    .addCommand(keysCommand())
    .addCommand(mediaCommand())
    .addCommand(doctorCommand())
    .addCommand(simulateCommand())
    .addCommand(exploreCommand())
    .addCommand(deployCommand())
    .addCommand(remoteCommand())
    .addCommand(sendCommand())
    .addCommand(templateCommand())
    .addCommand(replyCommand())
    .addCommand(completionsCommand())
    .addCommand(eventsCommand())
    .addCommand(webhookCommand())
    .addCommand(tenantsCommand());
  // Each of the project's flows may bring its own commands (an export of its records, say).
  for (const flow of projectFlows().flows) {
    for (const command of flow.commands) program.addCommand(flowCommand(command));
  }
  return program;
}
