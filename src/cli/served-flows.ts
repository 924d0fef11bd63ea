import type { ProjectFlows } from '../project/load-project-flows';
import { flowsDirOf } from '../project/project-paths';
import type { FlowDefinition } from '../flow-definition/define-flow';
import { loadFlowsFolder } from '../testing/load-flows-folder';
import { UsageError } from './usage-error';

/**
 * The project's flows as the server finds them (FLOWS_DIR, or `flows/`), read once per command.
 * Only their definitions are read (names, INIT, categories): built on an in-memory store, nothing
 * is stored or written. A broken flow is left out here; `validate` and `start` report it.
 */
const loaded = new Map<string, ProjectFlows>();

export function projectFlows(): ProjectFlows {
  const dir = flowsDirOf();
  const known = loaded.get(dir);
  if (known) return known;
  const flows = loadFlowsFolder(dir);
  loaded.set(dir, flows);
  return flows;
}

const servedFlows = () => projectFlows().flows.map((flow) => flow.definition);

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
