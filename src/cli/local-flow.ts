import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { FlowJson } from '../flow-json/flow-json-schema';
import { createFlows } from '../flows';
import type { FlowDefinition } from '../router/define-flow';
import { DEFAULT_MEDIA_SETTINGS } from '../media/media-settings';
import { createMemoryStore } from '../store/memory-store';
import { FLOW_CATEGORIES, type FlowCategory } from '../whatsapp-api/api-schemas';
import { FLOW_NAME } from './flows-token';
import { checkFile } from './flows-validate';
import { parseFlag } from './parse-flag';
import { UsageError } from './usage-error';

export const FLOWS_DIR = 'src/flows';

/** A flow of this project: its flow.json as written (uploaded byte for byte) and its handlers. */
export interface LocalFlow {
  name: string;
  /** `src/flows/<name>/flow.json`: where Meta's line:col point. */
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

/** The served flows' definitions; building them touches nothing (a memory store). */
function definitionOf(name: string): FlowDefinition | undefined {
  return createFlows({ store: createMemoryStore(), mediaDir: DEFAULT_MEDIA_SETTINGS.dir }).find(
    (flow) => flow.name === name,
  );
}

/**
 * Reads and validates `src/flows/<name>/flow.json`. Its problems are printed and give exit 1
 * (undefined returned); a flow that does not exist is the user's mistake.
 */
export function readLocalFlow(nameArg: string): { flow: LocalFlow } | { code: 1 | 2 } {
  const name = parseFlag(FLOW_NAME, nameArg, '<flow>');
  const file = join(FLOWS_DIR, name, 'flow.json');
  if (!existsSync(file)) {
    throw new UsageError(`no flow "${name}": ${file} does not exist`);
  }
  const checked = checkFile(file);
  if (checked.code !== 0) return { code: checked.code };
  const json = checked.json as FlowJson;
  const definition = definitionOf(name);
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
