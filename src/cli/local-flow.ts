import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { FlowJson } from '../flow-json/flow-json-schema';
import { flowJsonPathOf } from '../project/project-paths';
import type { FlowDefinition } from '../flow-definition/define-flow';
import { FLOW_CATEGORIES, type FlowCategory } from '../whatsapp-api/api-schemas';
import { FLOW_NAME } from './flows-token';
import { checkFile } from './flows-validate';
import { parseFlag } from './parse-flag';
import { servedFlowDefinition } from './served-flows';
import { UsageError } from './usage-error';

/** A flow of this project: its flow.json as written (uploaded byte for byte) and its handlers. */
export interface LocalFlow {
  name: string;
  /** `flows/<name>/flow.json`: where Meta's line:col point. */
  file: string;
  text: string;
  json: FlowJson;
  /** Undefined for a flow.json the server does not serve (no endpoint of its own). */
  definition: FlowDefinition | undefined;
  /** It declares a data_api_version, so WhatsApp calls the endpoint. */
  usesEndpoint: boolean;
  /** The server answers INIT for it, so it opens with `data_exchange`. */
  hasInit: boolean;
  categories: FlowCategory[];
}

/**
 * Reads and validates `flows/<name>/flow.json`. Its problems are printed and give exit 1
 * (undefined returned); a flow that does not exist is the user's mistake.
 */
export function readLocalFlow(nameArg: string): { flow: LocalFlow } | { code: 1 | 2 } {
  const name = parseFlag(FLOW_NAME, nameArg, '<flow>');
  const file = flowJsonPathOf(name);
  if (!existsSync(file)) {
    throw new UsageError(`no flow "${name}": ${file} does not exist`);
  }
  // Errors refuse the command; warnings are `flows validate`'s to print.
  const checked = checkFile(file, { format: 'text', strict: false, warnings: false });
  if (checked.code !== 0) return { code: checked.code };
  const json = checked.json as FlowJson;
  const definition = servedFlowDefinition(name);
  const categories = parseFlag(
    z.array(z.enum(FLOW_CATEGORIES, { error: `must be one of ${FLOW_CATEGORIES.join(', ')}` })),
    definition?.categories ?? ['OTHER'],
    `categories of flow "${name}"`,
  );
  return {
    flow: {
      name,
      file,
      text: readFileSync(file, 'utf8'),
      json,
      definition,
      usesEndpoint: json.data_api_version !== undefined,
      hasInit: definition?.INIT !== undefined,
      categories: categories.length > 0 ? categories : ['OTHER'],
    },
  };
}
