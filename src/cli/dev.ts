import { watch } from 'node:fs';
import { join } from 'node:path';
import { checkFile, flowJsonFilesOf } from './flows-validate';

const FLOWS_DIR = join(__dirname, '..', 'flows');

/**
 * Whether every flow.json under `dir` reads and validates, printing each problem as
 * `flows validate` does (the check `npm start` runs before building).
 */
export function flowJsonIsValid(dir: string): boolean {
  const files = flowJsonFilesOf(dir);
  if ('error' in files) {
    console.error(`${dir}: ${files.error}`);
    return false;
  }
  return files.files.map((file) => checkFile(file).code).every((code) => code === 0);
}

/**
 * `npm run dev`: the server under `tsx watch`, which restarts it when a source file changes; the
 * server itself reloads a flow.json that changes (src/router/loaded-flows.ts). A broken flow.json
 * at start, or a server that cannot start, is reported in plain lines, as `npm start` does, and dev
 * waits for the fix instead of dying on a stack trace.
 */
function startServer(): void {
  // A start-up failure (port in use, store unreachable) has printed its one line and ends the
  // server with exit 1; tsx watch then waits for a change, and the person should know it does.
  process.once('exit', (code) => {
    if (code === 1) console.error('Fix it and save a file: the server restarts by itself.');
  });
  void import('../server.js');
}

function startWhenValid(): void {
  if (flowJsonIsValid(FLOWS_DIR)) {
    startServer();
    return;
  }
  console.error('Fix flow.json and save: the server starts by itself.');
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(FLOWS_DIR, { recursive: true }, (_event, file) => {
    if (file !== null && !file.endsWith('flow.json')) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!flowJsonIsValid(FLOWS_DIR)) return;
      watcher.close();
      startServer();
    }, 100);
  });
}

if (require.main === module) startWhenValid();
