import { Command } from 'commander';
import { bookingsCommand } from './flows-bookings';
import { doctorCommand } from './flows-doctor';
import { tokenCommand } from './flows-token';
import { typesCommand } from './flows-types';
import { validateCommand } from './flows-validate';
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
    .addCommand(mediaCommand());
}
