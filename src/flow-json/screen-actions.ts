import {
  flowActionSchema,
  isActionKey,
  type FlowAction,
  type FlowScreen,
} from './flow-json-schema';
import { isRecord } from '../util/is-record';
import { renderPath, type JsonPath } from '../util/json-path';
import { screenInputs, type ScreenInput } from './screen-inputs';
import { walkComponents } from './walk-components';

const ITEM_LISTS = ['data-source', 'list-items'] as const;

export interface ScreenAction {
  /** The component holding the action, e.g. `screens[1].layout.children[0].children[4]`. */
  path: string;
  /** The key it sits under: 'on-click-action', 'on-select-action', … */
  trigger: string;
  /** navigate, data_exchange, complete, update_data, open_url (or whatever was written). */
  name: string;
  /** Only when both `next.type` and `next.name` are given. */
  next?: { type: string; name: string };
  /** Undefined when absent or not an object (see `action.payload` for what was written). */
  payload: Record<string, unknown> | undefined;
  /**
   * The inputs `${form.…}` can reach from this action, by name: the enclosing Form's, or those
   * outside any Form for a form-less screen. First of a duplicated name wins.
   */
  inputs: Map<string, ScreenInput>;
  /** The action as written. */
  action: FlowAction;
}

/**
 * Every action of a screen, in document order, with the inputs in its scope: what the validator
 * checks, and what the types and schemas of each data_exchange's payload are derived from.
 */
export function screenActions(screen: FlowScreen, screenIndex: number): ScreenAction[] {
  const components = walkComponents(screen, screenIndex);
  // Reversed because a Map keeps the last write: the first input of a duplicated name wins.
  const scopes = new Map(
    [...screenInputs(components)].map(([form, inputs]) => [
      form,
      new Map([...inputs].reverse().map(({ name, ...input }) => [name, input])),
    ]),
  );
  const actions: ScreenAction[] = [];
  const collect = (holder: Record<string, unknown>, path: JsonPath, form: string | undefined) => {
    for (const [trigger, value] of Object.entries(holder)) {
      if (!isActionKey(trigger)) continue;
      const parsed = flowActionSchema.safeParse(value);
      if (!parsed.success) continue; // a structural problem, reported by the schema
      const action = parsed.data;
      const { type, name } = action.next ?? {};
      actions.push({
        path: renderPath(path),
        trigger,
        name: action.name,
        ...(type !== undefined && name !== undefined ? { next: { type, name } } : {}),
        payload: isRecord(action.payload) ? action.payload : undefined,
        inputs: scopes.get(form) ?? new Map<string, ScreenInput>(),
        action,
      });
    }
  };
  for (const { component, path, form } of components) {
    collect(component, path, form);
    // Options and NavigationList items carry actions of their own.
    for (const key of ITEM_LISTS) {
      const items = component[key];
      if (!Array.isArray(items)) continue;
      items.forEach((item, i) => {
        if (isRecord(item)) collect(item, [...path, key, i], form);
      });
    }
  }
  return actions;
}
