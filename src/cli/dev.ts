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
 * at start is reported in plain lines, as `npm start` does, and the server starts once it is fixed
 * instead of dying on a stack trace.
 */
function startWhenValid(): void {
  if (flowJsonIsValid(FLOWS_DIR)) {
    void import('../server.js');
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
      void import('../server.js');
    }, 100);
  });
}

if (require.main === module) startWhenValid();
