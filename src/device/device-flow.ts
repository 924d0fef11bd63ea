import { compileContract } from '../contract/compile-contract';
import type { FlowContract } from '../contract/flow-contract';
import { flowJsonSchema, type FlowJson } from '../flow-json/flow-json-schema';

/** A flow.json as the device tools use it: the parsed document and the server's contract of it. */
export interface DeviceFlow {
  json: FlowJson;
  contract: FlowContract;
}

/**
 * Parses a flow.json (already read, so that a web page can use it too) and compiles the contract
 * the server holds its answers to. Throws with the first structural problem.
 */
export function readDeviceFlow(json: unknown, file: string): DeviceFlow {
  const parsed = flowJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  return { json: parsed.data, contract: compileContract(parsed.data, file) };
}
