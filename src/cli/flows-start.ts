import { Command } from 'commander';
import { checkProjectFlows } from './check-project-flows';
import { action } from './run-cli';
import { exitOf, spawnServer } from './server-child';

/**
 * `flows-endpoint start`: serves the project's flows (FLOWS_DIR, or flows/) at /flows/<name>. A
 * broken flow is reported with file:line:col and nothing is served.
 */
export function startCommand(): Command {
  return new Command('start')
    .description('serve the flows in flows/ (or FLOWS_DIR) at /flows/<name>')
    .addHelpText(
      'after',
      '\nSettings come from the environment and .env (PORT, STORE_URL, APP_SECRET, FLOWS_DIR, …).\n\nExample:\n  npx flows-endpoint start',
    )
    .action(
      action(async () => {
        if (checkProjectFlows().problems.length > 0) {
          console.error('Fix the flows above: nothing is served until they are.');
          return 1;
        }
        const server = spawnServer();
        // The server drains on SIGTERM/SIGINT itself; this process waits for it.
        const forward = (signal: NodeJS.Signals) => server.kill(signal);
        process.on('SIGTERM', forward).on('SIGINT', forward);
        return exitOf(server);
      }),
    );
}
