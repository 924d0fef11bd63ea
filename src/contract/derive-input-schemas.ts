import type { z } from 'zod';
import type { FlowJson } from '../flow-json/flow-json-schema';
import { exchangeShapes } from './exchange-shapes';
import { shapesToZod } from './shape-to-zod';

/** Per screen, the zod schema of what its data_exchange actions send. */
export function deriveInputSchemas(
  json: FlowJson,
): Map<string, z.ZodType<Record<string, unknown>>> {
  return new Map(
    [...exchangeShapes(json)].map(([screen, shapes]) => [screen, shapesToZod(shapes)]),
  );
}
