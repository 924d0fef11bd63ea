import { join, relative, resolve } from 'node:path';

/** Where a project keeps its flows: FLOWS_DIR, or `flows/` in the working directory. */
export function flowsDirOf(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const given = env.FLOWS_DIR?.trim();
  return resolve(cwd, given ? given : 'flows');
}

/**
 * Where compiled flows are written: FLOWS_CACHE_DIR, or `.flows-endpoint/` beside the flows
 * folder (git-ignored by `init`).
 */
export function cacheDirOf(flowsDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const given = env.FLOWS_CACHE_DIR?.trim();
  return given ? resolve(given) : resolve(flowsDir, '..', '.flows-endpoint');
}

/** A path as a user reads it: relative to the working directory when inside it. */
export function shownPath(path: string): string {
  const shown = relative(process.cwd(), resolve(path));
  return shown === '' ? '.' : shown.startsWith('..') ? resolve(path) : shown;
}

/** The flows folder as a user reads it. */
export function shownFlowsDir(env: NodeJS.ProcessEnv = process.env): string {
  return shownPath(flowsDirOf(env));
}

/** `flows/<name>/flow.json` (under FLOWS_DIR when set). */
export function flowJsonPathOf(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(shownFlowsDir(env), name, 'flow.json');
}
