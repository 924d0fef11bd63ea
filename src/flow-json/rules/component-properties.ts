import type { ActionAllowance, ComponentSpec, OptionFields } from '../components/component-spec';
import { COMPONENT_SPECS, LIST_ITEM_ACTIONS } from '../components/component-specs';
import { checkProp } from '../components/check-prop';
import { needsVersion } from '../components/version-text';
import { warning, type RuleProblem } from '../flow-json-problem';
import { isRecord } from '../../util/is-record';
import { renderPath, type JsonPath } from '../../util/json-path';
import { walkComponents, type WalkedComponent } from '../walk-components';
import { FLOW_ACTIONS } from '../flow-actions';
import type { FlowRule } from './flow-rule';
import { didYouMean } from '../../util/did-you-mean';

/**
 * Every component against its entry in Meta's reference (COMPONENT_SPECS): known type, present in
 * this Flow JSON version, required properties, each property's type, enum, limits and version,
 * and which actions each trigger may hold.
 */
export const componentProperties: FlowRule = ({ screens, version }) =>
  screens.flatMap(({ screen, index }) =>
    walkComponents(screen, index).flatMap((walked) => checkComponent(walked, version)),
  );

function checkComponent(walked: WalkedComponent, version: number): RuleProblem[] {
  const { component, path } = walked;
  const at = renderPath(path);
  const spec = COMPONENT_SPECS[component.type];
  if (!spec) {
    const suggestion = didYouMean(component.type, Object.keys(COMPONENT_SPECS));
    return [{ path: at, message: `unknown component type "${component.type}"${suggestion}` }];
  }
  if (spec.since > version)
    return [{ path: at, message: needsVersion(component.type, spec.since, version) }];

  const problems: RuleProblem[] = [];
  for (const [prop, since] of Object.entries(spec.required)) {
    if (since <= version && component[prop] === undefined) {
      problems.push({ path: at, message: `${component.type} needs "${prop}"` });
    }
  }
  for (const [key, value] of Object.entries(component)) {
    if (key === 'type') continue;
    const propPath = [...path, key];
    const prop = spec.props[key];
    if (!prop) {
      problems.push(
        warning(
          renderPath(propPath),
          `"${key}" is not a property of ${component.type} in Meta's reference${didYouMean(key, Object.keys(spec.props))}`,
        ),
      );
      continue;
    }
    if (prop.since !== undefined && prop.since > version) {
      problems.push({
        path: renderPath(propPath),
        message: needsVersion(`${component.type}'s "${key}"`, prop.since, version),
      });
      continue;
    }
    if (prop.outsideFormOnly && walked.form !== undefined) {
      problems.push({
        path: renderPath(propPath),
        message: `"${key}" is only for components outside a Form; inside one, use the Form's ${key}s`,
      });
    }
    // A large label is the multi-line variant: the 20-character limit is the regular one's.
    const large = key === 'label' && component['label-variant'] === 'large';
    problems.push(...checkProp(large ? { kind: 'string' } : prop, value, propPath));
    if (prop.kind === 'action')
      problems.push(...checkAction(prop.actions, value, propPath, version));
    if (prop.kind === 'options' && Array.isArray(value)) {
      value.forEach((item, i) =>
        problems.push(...checkOption(prop.fields, item, [...propPath, i], version)),
      );
    }
  }
  return [...problems, ...crossChecks(component, spec, path, version)];
}

/** The action's name is one this trigger allows, in this version. */
function checkAction(
  allowed: ActionAllowance,
  value: unknown,
  at: JsonPath,
  version: number,
): RuleProblem[] {
  if (!isRecord(value) || typeof value.name !== 'string') return [];
  const { name } = value;
  if (!(FLOW_ACTIONS as readonly string[]).includes(name)) return []; // reported by action-shapes
  const since = allowed[name];
  const trigger = String(at[at.length - 1]);
  if (since === undefined) {
    return [
      {
        path: renderPath([...at, 'name']),
        message: `${trigger} cannot be "${name}" here (allowed: ${Object.keys(allowed).join(', ')})`,
      },
    ];
  }
  return since > version
    ? [
        {
          path: renderPath([...at, 'name']),
          message: needsVersion(`"${name}" in ${trigger}`, since, version),
        },
      ]
    : [];
}

function checkOption(
  fields: OptionFields,
  item: unknown,
  at: JsonPath,
  version: number,
): RuleProblem[] {
  const path = renderPath(at);
  if (!isRecord(item))
    return [{ path, message: 'an option should be an object with an id and a title' }];
  const problems: RuleProblem[] = [];
  for (const key of ['id', 'title']) {
    if (item[key] === undefined) problems.push({ path, message: `an option needs "${key}"` });
  }
  for (const [key, value] of Object.entries(item)) {
    const field = fields[key];
    if (!field) {
      problems.push(
        warning(
          renderPath([...at, key]),
          `"${key}" is not a field of an option in Meta's reference${didYouMean(key, Object.keys(fields))}`,
        ),
      );
      continue;
    }
    if (field.since !== undefined && field.since > version) {
      problems.push({
        path: renderPath([...at, key]),
        message: needsVersion(`an option's "${key}"`, field.since, version),
      });
      continue;
    }
    problems.push(...checkProp(field, value, [...at, key]));
    if (field.kind === 'action')
      problems.push(...checkAction(field.actions, value, [...at, key], version));
  }
  return problems;
}

const PAIRS = [
  ['min-selected-items', 'max-selected-items'],
  ['min-uploaded-photos', 'max-uploaded-photos'],
  ['min-uploaded-documents', 'max-uploaded-documents'],
  ['min-days', 'max-days'],
  ['min-chars', 'max-chars'],
] as const;
const PATTERN_INPUT_TYPES = new Set(['text', 'number', 'password', 'passcode']);

/** Rules between properties of one component. */
function crossChecks(
  component: Record<string, unknown>,
  spec: ComponentSpec,
  path: JsonPath,
  version: number,
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const at = renderPath(path);
  for (const [min, max] of PAIRS) {
    const low = component[min];
    const high = component[max];
    if (typeof low === 'number' && typeof high === 'number' && low > high && spec.props[min]) {
      problems.push({
        path: renderPath([...path, min]),
        message: `${min} (${low}) is greater than ${max} (${high})`,
      });
    }
  }
  if (component.type === 'Footer') {
    const hasLeft = component['left-caption'] !== undefined;
    const hasRight = component['right-caption'] !== undefined;
    if (hasLeft !== hasRight) {
      problems.push({ path: at, message: 'left-caption and right-caption go together' });
    }
    if (component['center-caption'] !== undefined && (hasLeft || hasRight)) {
      problems.push({
        path: at,
        message: 'center-caption cannot be combined with left-caption or right-caption',
      });
    }
  }
  if (component.type === 'TextInput' && component.pattern !== undefined && version >= 6.2) {
    const type = component['input-type'];
    if (typeof type === 'string' && !PATTERN_INPUT_TYPES.has(type)) {
      problems.push({
        path: renderPath([...path, 'pattern']),
        message: `pattern works only with input-type text, number, password or passcode, not ${type}`,
      });
    }
    if (component['helper-text'] === undefined) {
      problems.push({
        path: renderPath([...path, 'pattern']),
        message: 'a pattern needs a helper-text telling the user the expected format',
      });
    }
  }
  if (component.type === 'CalendarPicker') problems.push(...calendarChecks(component, path));
  if (component.type === 'If' && Array.isArray(component.then) && component.then.length === 0) {
    problems.push({
      path: renderPath([...path, 'then']),
      message: 'an If needs at least one component in then',
    });
  }
  if (component.type === 'NavigationList')
    problems.push(...navigationListItems(component, path, version));
  return problems;
}

function navigationListItems(
  component: Record<string, unknown>,
  path: JsonPath,
  version: number,
): RuleProblem[] {
  const items = component['list-items'];
  if (!Array.isArray(items)) return [];
  const onList = component['on-click-action'] !== undefined;
  const problems: RuleProblem[] = [];
  let badges = 0;
  items.forEach((item, i) => {
    const at = [...path, 'list-items', i];
    if (!isRecord(item)) {
      problems.push({ path: renderPath(at), message: 'a list item should be an object' });
      return;
    }
    if (typeof item.id !== 'string')
      problems.push({ path: renderPath(at), message: 'a list item needs an "id"' });
    if (!isRecord(item['main-content']) || item['main-content'].title === undefined) {
      problems.push({
        path: renderPath(at),
        message: 'a list item needs "main-content" with a "title"',
      });
    }
    if (item.badge !== undefined) badges++;
    if (item.end !== undefined && component['media-size'] === 'large') {
      problems.push({
        path: renderPath([...at, 'end']),
        message: '"end" is not allowed with media-size large',
      });
    }
    const own = item['on-click-action'];
    if (onList && own !== undefined) {
      problems.push({
        path: renderPath([...at, 'on-click-action']),
        message:
          'on-click-action is set on the list already: set it on the list or on every item, not both',
      });
    } else if (!onList && own === undefined) {
      problems.push({
        path: renderPath(at),
        message: 'needs an on-click-action (or set one on the list)',
      });
    } else if (own !== undefined) {
      problems.push(...checkAction(LIST_ITEM_ACTIONS, own, [...at, 'on-click-action'], version));
    }
  });
  if (badges > 1)
    problems.push({
      path: renderPath([...path, 'list-items']),
      message: `${badges} items have a badge; only one may`,
    });
  return problems;
}

const RANGE_ONLY = ['title', 'description', 'min-days', 'max-days'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** CalendarPicker: range-only properties in single mode, unavailable dates outside min..max. */
function calendarChecks(component: Record<string, unknown>, path: JsonPath): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (component.mode !== 'range') {
    for (const key of RANGE_ONLY) {
      if (component[key] !== undefined) {
        problems.push(warning(renderPath([...path, key]), `"${key}" is only used in range mode`));
      }
    }
  }
  const { 'min-date': min, 'max-date': max } = component;
  const dates = component['unavailable-dates'];
  if (Array.isArray(dates)) {
    dates.forEach((date, i) => {
      if (typeof date !== 'string' || !ISO_DATE.test(date)) return;
      const early = typeof min === 'string' && ISO_DATE.test(min) && date < min;
      const late = typeof max === 'string' && ISO_DATE.test(max) && date > max;
      if (early || late) {
        problems.push(
          warning(
            renderPath([...path, 'unavailable-dates', i]),
            `${date} lies outside min-date..max-date`,
          ),
        );
      }
    });
  }
  return problems;
}
