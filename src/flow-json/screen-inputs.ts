import { isRecord } from '../util/is-record';
import { renderPath } from '../util/json-path';
import type { WalkedComponent } from './walk-components';

export interface ScreenInput {
  /** The component type: TextInput, Dropdown, OptIn, … */
  type: string;
  /** `true`, `false` or a binding such as "${data.is_location_enabled}". */
  required: boolean | string;
  /** What the user reads next to it, when it is plain text (not a `${…}` or an expression). */
  label: string | undefined;
  path: string;
}

/** Components with a `name` that are not inputs: the Form names itself, a NavigationList its list. */
const NAMED_NON_INPUTS = new Set(['Form', 'NavigationList']);

/**
 * The named inputs of each scope (key: the Form's path, or undefined outside any Form), in
 * document order, duplicates kept so that they can be reported.
 */
export function screenInputs(
  components: readonly WalkedComponent[],
): Map<string | undefined, (ScreenInput & { name: string })[]> {
  const scopes = new Map<string | undefined, (ScreenInput & { name: string })[]>();
  for (const { component, path, form } of components) {
    if (component.name === undefined || NAMED_NON_INPUTS.has(component.type)) continue;
    const inputs = scopes.get(form) ?? [];
    inputs.push({
      name: component.name,
      type: component.type,
      required: requiredOf(component.required),
      label: staticLabel(component.label),
      path: renderPath(path),
    });
    scopes.set(form, inputs);
  }
  return scopes;
}

/** CalendarPicker's range form counts as required when either end is. */
function requiredOf(required: unknown): boolean | string {
  if (typeof required === 'boolean' || typeof required === 'string') return required;
  return isRecord(required) && Object.values(required).some((end) => end === true);
}

const staticLabel = (label: unknown): string | undefined =>
  typeof label === 'string' && !label.includes('${') && !label.startsWith('`') ? label : undefined;
