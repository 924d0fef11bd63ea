import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { compileContract } from '../contract/compile-contract';
import { deriveInputSchemas } from '../contract/derive-input-schemas';
import type { FlowContract } from '../contract/flow-contract';
import type { FlowJson } from '../flow-json/flow-json-schema';
import { errorsOf, validateFlowJson, type FlowJsonProblem } from '../flow-json/validate-flow-json';
import type { FlowDefinition } from '../flow-definition/define-flow';

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
  /** The flow.json's text as loaded (the file's own, or the registered document laid out). */
  text: string;
  /** Changes with the text: whoever shows the flow reloads it when it sees a new one. */
  revision: string;
  /** Everything the validator says of it: warnings only, since an error stops the load. */
  problems: readonly FlowJsonProblem[];
}

/** How a flow's flow.json is named in the problems found when loading it. */
export const flowJsonLabel = (flow: string): string => `flows/${flow}/flow.json`;

/** Start-up refused: one line per problem, naming the file and the JSON path. */
export class FlowJsonError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`flow.json invalid:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'FlowJsonError';
  }
}

/**
/**
 * Checks a flow against its flow.json once (at start-up, or when its flow.json is reloaded) and
 * compiles what requests need. `read` is the flow.json as written and what the validator said of
 * it, when it was read from a file and validated already; `file` names the flow.json in problems.
 */
export function loadFlow(
  definition: FlowDefinition,
  read?: { text: string; problems: readonly FlowJsonProblem[] },
  file = flowJsonLabel(definition.name),
): LoadedFlow {
  const text =
    read?.text ??
    (definition.flowJson === undefined ? '' : `${JSON.stringify(definition.flowJson, null, 2)}\n`);
  const revision = createHash('sha256').update(text).digest('hex').slice(0, 16);
  if (definition.flowJson === undefined) {
    return {
      definition,
      contract: undefined,
      inputs: new Map(),
      warnings: [],
      usesEndpoint: true,
      text,
      revision,
      problems: [],
    };
  }
  const validated = read?.problems ?? validateFlowJson(definition.flowJson);
  // Warnings are for `flows validate`; only what Meta would reject stops the server.
  const problems = errorsOf(validated).map(({ path, message }) => `${file}: ${path}: ${message}`);
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
    text,
    revision,
    problems: validated,
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
