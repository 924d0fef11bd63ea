import type { ChildProcess } from 'node:child_process';
import { mkdirSync, watch } from 'node:fs';
import { Command } from 'commander';
import { flowsDirOf } from '../project/project-paths';
import { checkProjectFlows } from './check-project-flows';
import { action } from './run-cli';
import { exitOf, spawnServer } from './server-child';

/** Saves come in bursts (an editor's temp file, then the file): one restart for each burst. */
const SETTLE_MS = 150;

/**
 * `flows-endpoint dev`: the server, restarted whenever a file under flows/ (or FLOWS_DIR) changes,
 * a new flow included. A broken flow is reported with file:line:col and the server waits, stopped,
 * for the fix, instead of dying on a stack trace.
 */
export function devCommand(): Command {
  return new Command('dev')
    .description('serve flows/ (or FLOWS_DIR), restarting on every change; waits out a broken flow')
    .addHelpText(
      'after',
      '\nExample:\n  npx flows-endpoint dev   (or npm run dev in a project made by init)',
    )
    .action(
      action(async () => {
        let server: ChildProcess | undefined;
        let timer: NodeJS.Timeout | undefined;
        const restart = async () => {
          if (server) {
            server.kill('SIGTERM');
            await exitOf(server);
            server = undefined;
          }
          const checked = checkProjectFlows();
          if (checked.problems.length > 0) {
            console.error('Fix the flows above and save: the server starts by itself.');
            return;
          }
          server = spawnServer();
        };
        const dir = flowsDirOf();
        mkdirSync(dir, { recursive: true });
        const watcher = watch(dir, { recursive: true }, () => {
          clearTimeout(timer);
          timer = setTimeout(() => void restart(), SETTLE_MS);
        });
        await restart();
        await new Promise<void>((resolve) => {
          const stop = () => {
            watcher.close();
            clearTimeout(timer);
            if (server) void exitOf(server).then(() => resolve());
            else resolve();
            server?.kill('SIGTERM');
          };
          process.once('SIGINT', stop).once('SIGTERM', stop);
        });
      }),
    );
}
