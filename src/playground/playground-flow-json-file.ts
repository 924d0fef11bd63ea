import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * A served flow's flow.json in the working copy (src/flows/<name>/flow.json), when the server runs
 * from one: the flow is loaded from it, reloaded when it changes, and the playground edits it.
 */
export function playgroundFlowJsonFile(flow: string): string | undefined {
  const file = path.resolve('src', 'flows', flow, 'flow.json');
  return existsSync(file) ? file : undefined;
}
