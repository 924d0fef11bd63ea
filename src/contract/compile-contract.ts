import type { DeclaredType } from './declared-type';
import type { FlowContract } from './flow-contract';

interface ContractSource {
  routing_model?: Record<string, string[]>;
  screens: { id: string; data?: Record<string, DeclaredType> }[];
}

/** Maps and sets for the per-answer checks, built once from a validated flow.json. */
export function compileContract(json: ContractSource, file: string): FlowContract {
  const screens = new Map(json.screens.map((screen) => [screen.id, { data: screen.data ?? {} }]));
  const routes = json.routing_model
    ? new Map(Object.entries(json.routing_model).map(([from, to]) => [from, new Set(to)]))
    : undefined;
  return { file, screens, routes };
}
