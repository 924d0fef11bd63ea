import type { z } from 'zod';
import { completeShapes } from '../contract/complete-shapes';
import { shapesToZod } from '../contract/shape-to-zod';
import type { FlowJson } from '../flow-json/flow-json-schema';
import type { FlowDefinition } from '../flow-definition/define-flow';

/**
 * Per flow, the schema its completion params are checked with before `onComplete` sees them:
 * derived from flow.json's complete actions, any object for a flow that completes from its
 * endpoint (or has no flow.json). The flow.json itself was validated when the app was built.
 */
export function completionSchemas(
  flows: readonly FlowDefinition[],
): Map<string, z.ZodType<Record<string, unknown>>> {
  return new Map(
    flows.map((flow) => [
      flow.name,
      shapesToZod(flow.flowJson === undefined ? [] : completeShapes(flow.flowJson as FlowJson)),
    ]),
  );
}
