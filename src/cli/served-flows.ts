import type { FlowDefinition } from '../router/define-flow';
import { UsageError } from './usage-error';

/**
 * The flows this server serves, as the command line's entry (create-program.ts) builds them: the
 * flows sit above the commands in the layer order, so the commands are handed them rather than
 * importing them. Only their definitions are read (names, INIT, categories).
 */
let servedFlows: () => readonly FlowDefinition[] = () => {
  throw new Error('the served flows were not given to the command line (useServedFlows)');
};

export function useServedFlows(list: () => readonly FlowDefinition[]): void {
  servedFlows = list;
}

export function servedFlowDefinition(name: string): FlowDefinition | undefined {
  return servedFlows().find((flow) => flow.name === name);
}

/** The names of the flows this server serves (POST /flows/<name>). */
export function servedFlowNames(): string[] {
  return servedFlows().map((flow) => flow.name);
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
  const flow = servedFlowDefinition(name);
  return flow === undefined ? undefined : flow.INIT !== undefined;
}
