import { completeShapes } from '../../contract/complete-shapes';
import { shapesToZod } from '../../contract/shape-to-zod';
import type { FlowJson } from '../../flow-json/flow-json-schema';
import { readPath } from '../../flow-json/reference';

/** What a flow finished with on the device: the `nfm_reply` response_json it sends. */
export interface Completion {
  /** The complete action's payload with the flow token, as the webhook receives it. */
  params: Record<string, unknown>;
  /** Where the params differ from what flow.json's complete actions declare; empty when none. */
  problems: string[];
}

/**
 * The completion a `complete` action sends (its resolved payload plus the flow token), checked
 * with the schema the webhook checks completions with (src/webhooks/completion-schema.ts), so
 * that what the device tools accept is what `onComplete` will be given.
 */
export function deviceCompletion(
  json: FlowJson,
  payload: Record<string, unknown>,
  flowToken: string,
): Completion {
  const checked = shapesToZod(completeShapes(json)).safeParse(payload);
  const problems = checked.success
    ? []
    : checked.error.issues.map((issue) => {
        const field = issue.path.map(String);
        const sent = field.length === 0 ? payload : readPath(payload, field);
        return `${field.length > 0 ? field.join('.') : '(params)'} ${issue.message} (sent ${describe(sent)})`;
      });
  return { params: { ...payload, flow_token: flowToken }, problems };
}

/** The kind of what was sent, not the answer itself: `a string`, `nothing`. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `${/^[aeiou]/.test(typeof value) ? 'an' : 'a'} ${typeof value}`;
}
