import type { z } from 'zod';
import { compileContract } from '../contract/compile-contract';
import { deriveInputSchemas } from '../contract/derive-input-schemas';
import type { FlowContract } from '../contract/flow-contract';
import type { FlowJson } from '../flow-json/flow-json-schema';
import { errorsOf, validateFlowJson } from '../flow-json/validate-flow-json';
import type { FlowDefinition } from './define-flow';

export interface LoadedFlow {
  definition: FlowDefinition;
  contract: FlowContract | undefined;
  /** Per screen, the schema its data_exchange data is parsed with. */
  inputs: ReadonlyMap<string, z.ZodType<Record<string, unknown>>>;
  /** Likely mistakes that do not stop the server, one line each, for the start-up log. */
  warnings: readonly string[];
  /**
   * Whether WhatsApp calls the endpoint at all: flow.json sets `data_api_version` (or there is no
   * flow.json to say otherwise). A flow without it is opened with navigate and never sends INIT.
   */
  usesEndpoint: boolean;
}

/** Start-up refused: one line per problem, naming the file and the JSON path. */
export class FlowJsonError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`flow.json invalid:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'FlowJsonError';
  }
}

/**
 * Checks a flow against its flow.json once, at start-up, and compiles what requests need. `file`
 * names the flow.json in problems (a project's `flows/<name>/flow.json` by default).
 */
export function loadFlow(
  definition: FlowDefinition,
  file = `flows/${definition.name}/flow.json`,
): LoadedFlow {
  if (definition.flowJson === undefined) {
    return { definition, contract: undefined, inputs: new Map(), warnings: [], usesEndpoint: true };
  }
  // Warnings are for `flows validate`; only what Meta would reject stops the server.
  const problems = errorsOf(validateFlowJson(definition.flowJson)).map(
    ({ path, message }) => `${file}: ${path}: ${message}`,
  );
  const json = definition.flowJson as FlowJson;
  const screenIds = new Set(problems.length === 0 ? json.screens.map((screen) => screen.id) : []);
  for (const screen of Object.keys(definition.screens ?? {})) {
    if (problems.length === 0 && !screenIds.has(screen)) {
      problems.push(
        `${file}: (handlers): handlers registered for screen "${screen}", which flow.json does not have`,
      );
    }
  }
  const inputs = problems.length === 0 ? deriveInputSchemas(json) : new Map();
  if (problems.length === 0) problems.push(...missingHandlers(definition, json, inputs, file));
  if (problems.length > 0) throw new FlowJsonError(problems);

  for (const [screen, handlers] of Object.entries(definition.screens ?? {})) {
    const derived = inputs.get(screen);
    const rules = handlers && 'input' in handlers ? handlers.input : undefined;
    // The rules take what the derived schema gives; their typing is checked at defineFlow.
    const typed = rules as z.ZodType<Record<string, unknown>, Record<string, unknown>> | undefined;
    if (derived && typed) inputs.set(screen, derived.pipe(typed));
  }
  const contract = compileContract(json, file);
  // Without INIT the endpoint cannot answer a flow opened with flow_action data_exchange.
  const warnings =
    inputs.size > 0 && !definition.INIT
      ? [
          `${file}: the flow has data_exchange screens but no INIT handler: it can only be sent with flow_action navigate`,
        ]
      : [];
  return {
    definition,
    contract,
    inputs,
    warnings,
    usesEndpoint: json.data_api_version !== undefined,
  };
}

/**
 * A screen whose actions call the endpoint needs the handler that answers: data_exchange for a
 * data_exchange action, BACK (its own or the flow's) for refresh_on_back. Without it the device
 * would get a 500 at run time; start-up says so instead.
 */
function missingHandlers(
  definition: FlowDefinition,
  json: FlowJson,
  exchanges: ReadonlyMap<string, unknown>,
  file: string,
): string[] {
  const problems: string[] = [];
  for (const screen of json.screens) {
    const handlers = definition.screens?.[screen.id] as
      { data_exchange?: unknown; BACK?: unknown } | undefined;
    if (exchanges.has(screen.id) && handlers?.data_exchange === undefined) {
      problems.push(
        `${file}: screen "${screen.id}" has a data_exchange action but no data_exchange handler`,
      );
    }
    if (screen.refresh_on_back === true && handlers?.BACK === undefined && !definition.BACK) {
      problems.push(`${file}: screen "${screen.id}" has refresh_on_back but no BACK handler`);
    }
  }
  return problems;
}
