import { Command } from 'commander';
import { bookingsCommand } from './flows-bookings';
import { doctorCommand } from './flows-doctor';
import { completionsCommand } from './flows-completions';
import { deployCommand } from './flows-deploy';
import { eventsCommand } from './flows-events';
import { remoteCommand } from './flows-remote';
import { sendCommand } from './flows-send';
import { templateCommand } from './flows-template';
import { tokenCommand } from './flows-token';
import { typesCommand } from './flows-types';
import { validateCommand } from './flows-validate';
import { webhookCommand } from './flows-webhook';
import { keysCommand } from './keys';
import { mediaCommand } from './flows-media';

/**
 * The whole command line, `flows-endpoint <command>` (`npm run flows -- <command>`,
 * `npm run keys -- <subcommand>`). A new command is a file exporting a `Command` and one
 * `addCommand` here.
 */
export function createProgram(): Command {
  return new Command('flows-endpoint')
    .description('WhatsApp Flows: check, type, deploy, send and serve flows')
    .option('--verbose', 'print the stack of an unexpected failure (or set DEBUG=1)')
    .addCommand(validateCommand())
    .addCommand(typesCommand())
    .addCommand(tokenCommand())
    .addCommand(bookingsCommand())
    .addCommand(keysCommand())
    .addCommand(doctorCommand())
    .addCommand(mediaCommand())
    .addCommand(deployCommand())
    .addCommand(remoteCommand())
    .addCommand(sendCommand())
    .addCommand(templateCommand())
    .addCommand(completionsCommand())
    .addCommand(eventsCommand())
    .addCommand(webhookCommand());
}
