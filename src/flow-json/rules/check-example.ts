import type { DataDeclaration } from '../flow-json-schema';
import type { FlowJsonProblem } from '../flow-json-problem';
import { isRecord } from '../is-record';
import { renderPath, type JsonPath } from '../json-path';

/**
 * Checks an `__example__` against its declaration all the way down: array items against
 * `items`, object properties against `properties`, `required` properties present.
 */
export function checkExample(
  declared: DataDeclaration,
  value: unknown,
  path: JsonPath,
): FlowJsonProblem[] {
  const mismatch = () => [
    { path: renderPath(path), message: `should be ${declared.type}, not ${describe(value)}` },
  ];
  switch (declared.type) {
    case 'string':
    case 'boolean':
      return typeof value === declared.type ? [] : mismatch();
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : mismatch();
    case 'integer':
      return Number.isInteger(value) ? [] : mismatch();
    case 'array': {
      if (!Array.isArray(value)) return mismatch();
      const items = declared.items;
      return items ? value.flatMap((item, i) => checkExample(items, item, [...path, i])) : [];
    }
    case 'object': {
      if (!isRecord(value)) return mismatch();
      const missing = (declared.required ?? [])
        .filter((name) => value[name] === undefined)
        .map((name) => ({
          path: renderPath(path),
          message: `misses required property "${name}"`,
        }));
      const properties = Object.entries(declared.properties ?? {}).flatMap(([name, property]) =>
        value[name] === undefined ? [] : checkExample(property, value[name], [...path, name]),
      );
      return [...missing, ...properties];
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
