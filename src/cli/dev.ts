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
 * `npm run dev`: the server under `tsx watch`, which restarts it when a source file or a
 * flow.json changes. A broken flow.json, or a server that cannot start, is reported in plain
 * lines, as `npm start` does, and the watcher waits for the fix instead of dying on a stack trace.
 */
if (require.main === module) {
  if (flowJsonIsValid(FLOWS_DIR)) {
    // A start-up failure (port in use, store unreachable) has printed its one line and ends the
    // server with exit 1; tsx watch then waits for a change, and the person should know it does.
    process.once('exit', (code) => {
      if (code === 1) console.error('Fix it and save a file: the server restarts by itself.');
    });
    void import('../server.js');
  } else {
    console.error('Fix flow.json and save: the server restarts by itself.');
    process.exitCode = 1;
  }
}
