import { spawn, type ChildProcess } from 'node:child_process';
import { extname, join } from 'node:path';

/** The server's entry, compiled or (under tsx) the source: the one place that listens. */
const SERVER_ENTRY = join(__dirname, '..', `server${extname(__filename)}`);

/**
 * The server in a process of its own, sharing this terminal, with this process's Node flags (so
 * tsx's, when the command line runs from source).
 */
export function spawnServer(): ChildProcess {
  return spawn(process.execPath, [...process.execArgv, SERVER_ENTRY], { stdio: 'inherit' });
}

/** Resolves with the child's exit code once it is gone (1 when a signal ended it). */
export function exitOf(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}
