import { isActionKey, type FlowComponent, type FlowScreen } from '../../flow-json/flow-json-schema';
import { isChildListKey } from '../../flow-json/walk-components';
import { display, evaluateExpression, ExpressionError, truthy } from '../../flow-json/expression';
import type { ReferenceLookup } from '../../flow-json/reference';
import { resolveValue } from './resolve-value';

/** A component as the device shows it now: If/Switch replaced by the branch they chose. */
export interface RenderedComponent {
  type: string;
  name?: string;
  /** Where it is written, e.g. `layout.children[0].children[2]`. */
  path: string;
  /** Its own properties with every reference and expression resolved; actions left as written. */
  props: Record<string, unknown>;
  /** Its actions as written, by trigger (`on-click-action`, …): they are resolved when pressed. */
  actions: Record<string, unknown>;
  children: RenderedComponent[];
}

/**
 * Renders a screen's layout against the current state: `If` keeps `then` or `else` by its
 * condition, `Switch` the case matching its value (nothing when none matches), and a component
 * whose `visible` resolves to false is left out.
 */
export function renderScreen(screen: FlowScreen, lookup: ReferenceLookup): RenderedComponent[] {
  return renderList(screen.layout.children, 'layout.children', lookup);
}

function renderList(
  list: readonly FlowComponent[],
  at: string,
  lookup: ReferenceLookup,
): RenderedComponent[] {
  return list.flatMap((component, i) => renderOne(component, `${at}[${i}]`, lookup));
}

function renderOne(
  component: FlowComponent,
  path: string,
  lookup: ReferenceLookup,
): RenderedComponent[] {
  if (component.type === 'If') {
    const holds = conditionHolds(component.condition, lookup);
    return holds
      ? renderList(component.then ?? [], `${path}.then`, lookup)
      : renderList(component.else ?? [], `${path}.else`, lookup);
  }
  if (component.type === 'Switch') {
    const value = display(resolveValue(component.value, lookup));
    const cases = component.cases ?? {};
    return Object.hasOwn(cases, value)
      ? renderList(cases[value] ?? [], `${path}.cases.${value}`, lookup)
      : [];
  }
  const props: Record<string, unknown> = {};
  const actions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(component)) {
    if (isChildListKey(key) || key === 'type' || key === 'name') continue;
    if (isActionKey(key)) actions[key] = value;
    else props[key] = resolveValue(value, lookup);
  }
  if (props.visible === false) return [];
  return [
    {
      type: component.type,
      ...(component.name !== undefined && { name: component.name }),
      path,
      props,
      actions,
      children: renderList(component.children ?? [], `${path}.children`, lookup),
    },
  ];
}

/** An If's condition: an expression without backticks; a malformed one counts as false. */
function conditionHolds(condition: unknown, lookup: ReferenceLookup): boolean {
  if (typeof condition !== 'string') return truthy(condition);
  try {
    return truthy(evaluateExpression(condition, lookup));
  } catch (err) {
    if (err instanceof ExpressionError) return false;
    throw err;
  }
}

/** Every rendered component, depth first, in document order. */
export function flattenRendered(list: readonly RenderedComponent[]): RenderedComponent[] {
  return list.flatMap((component) => [component, ...flattenRendered(component.children)]);
}
