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
 * a new flow included. A changed flow.json is not a restart: the running server reloads it in
 * place, for the endpoint and the playground together (router/loaded-flows.ts). A broken flow, or a
 * server that cannot start (port in use, store unreachable), is reported in plain lines and dev
 * waits, stopped, for the fix, instead of dying on a stack trace.
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
          const running = server;
          if (running) {
            server = undefined;
            running.kill('SIGTERM');
            await exitOf(running);
          }
          const checked = checkProjectFlows();
          if (checked.problems.length > 0) {
            console.error('Fix the flows above and save: the server starts by itself.');
            return;
          }
          const started = spawnServer();
          server = started;
          // A start-up failure has printed its one line and ended the server with exit 1.
          void exitOf(started).then((code) => {
            if (server !== started) return;
            server = undefined;
            if (code === 1) console.error('Fix it and save a file: the server restarts by itself.');
          });
        };
        const dir = flowsDirOf();
        mkdirSync(dir, { recursive: true });
        const watcher = watch(dir, { recursive: true }, (_event, file) => {
          if (server && file?.endsWith('flow.json')) return;
          clearTimeout(timer);
          timer = setTimeout(() => void restart(), SETTLE_MS);
        });
        await restart();
        await new Promise<void>((resolve) => {
          const stop = () => {
            watcher.close();
            clearTimeout(timer);
            const running = server;
            server = undefined;
            if (running) void exitOf(running).then(() => resolve());
            else resolve();
            running?.kill('SIGTERM');
          };
          process.once('SIGINT', stop).once('SIGTERM', stop);
        });
      }),
    );
}
