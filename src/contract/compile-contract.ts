import { compileDeclaration } from '../flow-json/declared-value';
import type { DataDeclaration } from '../flow-json/flow-json-schema';
import type { FlowContract } from './flow-contract';

interface ContractSource {
  routing_model?: Record<string, string[]>;
  screens: { id: string; data?: Record<string, DataDeclaration>; refresh_on_back?: boolean }[];
}

/** Maps and sets for the per-answer checks, built once from a validated flow.json. */
export function compileContract(json: ContractSource, file: string): FlowContract {
  const screens = new Map(
    json.screens.map((screen) => [
      screen.id,
      {
        data: screen.data ?? {},
        checks: new Map(
          Object.entries(screen.data ?? {}).map(([name, declared]) => [
            name,
            compileDeclaration(declared),
          ]),
        ),
        refreshOnBack: screen.refresh_on_back === true,
      },
    ]),
  );
  const routes = json.routing_model
    ? new Map(Object.entries(json.routing_model).map(([from, to]) => [from, new Set(to)]))
    : undefined;
  return { file, screens, routes };
}
