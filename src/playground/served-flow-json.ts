import { statSync, readFileSync } from 'node:fs';
import type { FlowContract } from '../contract/flow-contract';
import { readDeviceFlow } from '../device/device-flow';
import { validateFlowJson, type FlowJsonProblem } from '../flow-json/validate-flow-json';
import type { FlowDefinition } from '../router/define-flow';

export interface ServedFlowJson {
  json: unknown;
  /** Changes whenever the file on disk does; the page reloads the flow when it sees a new one. */
  revision: string;
  problems: FlowJsonProblem[];
  /** What the device checks answers against; absent while the flow.json is invalid. */
  contract: FlowContract | undefined;
}

/**
 * The flow.json the device would hold: the file on disk when there is one (so that editing it
 * reloads the page), the one the flow was registered with otherwise.
 */
export function servedFlowJson(flow: FlowDefinition, file: string | undefined): ServedFlowJson {
  let json = flow.flowJson;
  let revision = 'registered';
  let problems: FlowJsonProblem[] | undefined;
  if (file !== undefined) {
    try {
      const stat = statSync(file);
      revision = `${stat.mtimeMs}-${stat.size}`;
      json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        problems = [
          {
            severity: 'error',
            path: '(root)',
            message: `cannot read ${file}: ${(err as Error).message}`,
          },
        ];
      }
    }
  }
  problems ??= json === undefined ? [] : validateFlowJson(json);
  const contract =
    json !== undefined && problems.length === 0
      ? readDeviceFlow(json, file ?? `${flow.name}/flow.json`).contract
      : undefined;
  return { json, revision, problems, contract };
}
