import { tmpdir } from 'node:os';
import { createFlows } from '../flows';
import { createMemoryStore } from '../store/memory-store';
import { UsageError } from './usage-error';

/** The names of the flows this server serves (POST /flows/<name>), without opening a store. */
export function servedFlowNames(): string[] {
  // Built only to read their names: nothing is stored or written.
  return createFlows({ store: createMemoryStore(), mediaDir: tmpdir() }).map((flow) => flow.name);
}

/** `name` when it is a flow the server serves; else a UsageError listing those it serves. */
export function requireServedFlow(name: string, argument = '<flow>'): string {
  const served = servedFlowNames();
  if (served.includes(name)) return name;
  throw new UsageError(
    `${argument}: no flow named "${name}" is served (served: ${served.join(', ')})`,
  );
}

/** For a flow this server serves: whether it answers INIT; undefined when it does not serve it. */
export function servedFlowHasInit(name: string): boolean | undefined {
  const flow = createFlows({ store: createMemoryStore(), mediaDir: tmpdir() }).find(
    (candidate) => candidate.name === name,
  );
  return flow === undefined ? undefined : flow.INIT !== undefined;
}
