import type { z } from 'zod';
import { completeShapes } from '../contract/complete-shapes';
import { shapesToZod } from '../contract/shape-to-zod';
import type { FlowJson } from '../flow-json/flow-json-schema';
import type { FlowDefinition } from '../flow-definition/define-flow';

/**
 * The schema a flow's completion params are checked with before `onComplete` sees them: derived
 * from flow.json's complete actions, any object for a flow that completes from its endpoint (or
 * has no flow.json). The flow.json itself was validated when it was loaded.
 */
export function completionSchema(flow: FlowDefinition): z.ZodType<Record<string, unknown>> {
  return shapesToZod(flow.flowJson === undefined ? [] : completeShapes(flow.flowJson as FlowJson));
}
