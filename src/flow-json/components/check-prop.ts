import { isRecord } from '../../util/is-record';
import type { RuleProblem } from '../flow-json-problem';
import { warning } from '../flow-json-problem';
import { renderPath, type JsonPath } from '../../util/json-path';
import type { PropSpec } from './component-spec';

/** A `${…}` reference or a backtick expression: its value is known only on the device. */
const isDynamic = (value: unknown): value is string =>
  typeof value === 'string' && (value.includes('${') || /^`[\s\S]*`$/.test(value));

const chars = (text: string) => [...text].length;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * The problems of one property's value against its spec (actions are the action rules'
 * business: only their being objects is checked here).
 */
export function checkProp(spec: PropSpec, value: unknown, at: JsonPath): RuleProblem[] {
  const path = renderPath(at);
  const wrong = (expected: string): RuleProblem[] => [
    { path, message: `should be ${expected}, not ${describe(value)}` },
  ];
  if (isDynamic(value) && spec.kind !== 'children' && spec.kind !== 'cases') return [];
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') return wrong('a string');
      if (spec.notBlank && value.trim() === '') return [{ path, message: 'should not be blank' }];
      return tooLong(spec.max, value, path);
    case 'text': {
      const paragraphs = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(paragraphs) || !paragraphs.every((p) => typeof p === 'string')) {
        return wrong('a string or a list of strings');
      }
      if (paragraphs.join('').trim() === '') return [{ path, message: 'should not be blank' }];
      return tooLong(spec.max, paragraphs.join(''), path);
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : wrong('a boolean or a "${…}" binding');
    case 'number':
      return typeof value === 'number' ? [] : wrong('a number');
    case 'integer':
      if (typeof value === 'string' && /^\d+$/.test(value)) return [];
      if (!Number.isInteger(value)) return wrong('an integer');
      if (spec.min !== undefined && (value as number) < spec.min)
        return [{ path, message: `should be at least ${spec.min}` }];
      if (spec.max !== undefined && (value as number) > spec.max)
        return [{ path, message: `should be at most ${spec.max}` }];
      return [];
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value)
        ? []
        : wrong(`one of ${spec.values.join(', ')}`);
    case 'enums':
      return Array.isArray(value) &&
        value.every((v) => typeof v === 'string' && spec.values.includes(v))
        ? []
        : wrong(`a list of ${spec.values.join(', ')}`);
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? []
        : wrong('a list of strings');
    case 'items':
    case 'options':
      return checkList(spec, value, path);
    case 'action':
    case 'object':
      return isRecord(value) ? [] : wrong('an object');
    case 'range':
      if (isRecord(value)) {
        return Object.entries(value).flatMap(([key, part]) =>
          key === 'start-date' || key === 'end-date'
            ? checkProp({ kind: spec.of }, part, [...at, key])
            : [{ path, message: `has "${key}": only "start-date" and "end-date" are allowed` }],
        );
      }
      return checkProp({ kind: spec.of }, value, at);
    case 'children':
      return Array.isArray(value) ? [] : wrong('a list of components');
    case 'cases':
      return isRecord(value) &&
        Object.values(value).every(Array.isArray) &&
        Object.keys(value).length > 0
        ? []
        : wrong('an object of component lists, one per case');
    case 'any':
      return [];
  }
}

function tooLong(max: number | undefined, text: string, path: string): RuleProblem[] {
  // Meta truncates some of these and rejects others; which is which it does not say.
  return max !== undefined && !isDynamic(text) && chars(text) > max
    ? [warning(path, `is ${chars(text)} characters long; Meta's limit is ${max}`)]
    : [];
}

function checkList(
  spec: Extract<PropSpec, { kind: 'items' | 'options' }>,
  value: unknown,
  path: string,
): RuleProblem[] {
  if (!Array.isArray(value))
    return [{ path, message: `should be a list or a "\${…}" binding, not ${describe(value)}` }];
  const [min, max] = spec.items;
  if (value.length < min)
    return [{ path, message: `has ${value.length} items; at least ${min} needed` }];
  if (value.length > max)
    return [{ path, message: `has ${value.length} items; at most ${max} allowed` }];
  return [];
}
