import { z } from 'zod';
import {
  flowJsonSchema,
  flowScreenSchema,
  type FlowJson,
  type FlowScreen,
} from './flow-json-schema';
import type { FlowJsonProblem } from './flow-json-problem';
import { isRecord } from '../util/is-record';
import { renderPath } from '../util/json-path';
import { missingKeyError } from './missing-key-error';
import { versionNumber } from './flow-json-versions';

/** What the semantic rules read: the parts of a document that are structurally sound. */
export interface FlowModel {
  top: Pick<FlowJson, 'data_api_version' | 'routing_model'> & { version?: string };
  /** The document's Flow JSON version as a number (7.3), or the latest when it cannot be read. */
  version: number;
  /** The document as given, for the rules about keys the structural schema lets through. */
  document: Record<string, unknown>;
  /** Screens that parsed, with their index in the document (paths name the original index). */
  screens: { screen: FlowScreen; index: number }[];
  /** Every string screen id, parsed screen or not: a broken screen still exists as a target. */
  ids: { id: string; index: number }[];
  /** False when a broken screen was left out: rules about the flow as a whole stay quiet then. */
  complete: boolean;
}

// Enough structure for the rules to run; `version` is not read by any of them.
const usableSchema = flowJsonSchema.extend({
  version: z.unknown(),
  screens: z.array(z.unknown()).min(1),
});

/**
 * Parses a document with the structural schema. When it fails, the rules still run on every
 * screen that parses on its own, unless the top level itself is unusable (`screens` not a
 * non-empty array, `routing_model` malformed, …).
 */
export function readFlowModel(json: unknown): {
  model: FlowModel | undefined;
  problems: FlowJsonProblem[];
} {
  const full = flowJsonSchema.safeParse(json, { error: missingKeyError });
  if (full.success) {
    const { screens, ...top } = full.data;
    return {
      model: {
        top,
        version: versionNumber(top.version),
        document: full.data,
        screens: screens.map((screen, index) => ({ screen, index })),
        ids: screens.map(({ id }, index) => ({ id, index })),
        complete: true,
      },
      problems: [],
    };
  }
  const problems = full.error.issues.map((issue) => ({
    path: renderPath(issue.path.map((key) => (typeof key === 'number' ? key : String(key)))),
    message: issue.message,
    severity: 'error' as const,
  }));
  const usable = usableSchema.safeParse(json, { error: missingKeyError });
  if (!usable.success) return { model: undefined, problems };

  const { screens: raw, version, ...rest } = usable.data;
  const top = { ...rest, ...(typeof version === 'string' ? { version } : {}) };
  const screens: FlowModel['screens'] = [];
  const ids: FlowModel['ids'] = [];
  raw.forEach((candidate, index) => {
    const parsed = flowScreenSchema.safeParse(candidate, { error: missingKeyError });
    if (parsed.success) screens.push({ screen: parsed.data, index });
    const id = isRecord(candidate) ? candidate.id : undefined;
    if (typeof id === 'string') ids.push({ id, index });
  });
  return {
    model: {
      top,
      version: versionNumber(version),
      document: usable.data,
      screens,
      ids,
      complete: screens.length === raw.length,
    },
    problems,
  };
}
