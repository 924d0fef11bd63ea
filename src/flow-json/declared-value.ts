import type { DataDeclaration } from './flow-json-schema';
import { isRecord } from './is-record';
import type { JsonPath } from './json-path';

/** Where a value departs from its declaration, relative to the value checked. */
export interface ValueProblem {
  at: JsonPath;
  message: string;
}

/** Checks one value; `at` prefixes the paths it reports. */
export type ValueCheck = (value: unknown, at?: JsonPath) => ValueProblem[];

type Step = (value: unknown, at: JsonPath, out: ValueProblem[]) => void;

/**
 * The one reading of a Flow JSON data declaration (`{type, items, properties, required}`):
 * types all the way down, array items against `items`, object properties against `properties`,
 * nested properties required only when listed in `required`. Compiled once per declaration,
 * since the answer check runs it on every answer; used for `__example__`s, for answers and for
 * the payload schemas.
 */
export function compileDeclaration(declared: DataDeclaration): ValueCheck {
  const step = compile(declared);
  return (value, at = []) => {
    const out: ValueProblem[] = [];
    step(value, at, out);
    return out;
  };
}

function compile(declared: DataDeclaration): Step {
  const mismatch = (value: unknown, at: JsonPath, out: ValueProblem[]) => {
    out.push({ at, message: `should be ${declared.type}, not ${describe(value)}` });
  };
  switch (declared.type) {
    case 'string':
    case 'boolean': {
      const type = declared.type;
      return (value, at, out) => {
        if (typeof value !== type) mismatch(value, at, out);
      };
    }
    case 'number':
      return (value, at, out) => {
        if (typeof value !== 'number' || !Number.isFinite(value)) mismatch(value, at, out);
      };
    case 'integer':
      return (value, at, out) => {
        if (!Number.isInteger(value)) mismatch(value, at, out);
      };
    case 'array': {
      const items = declared.items ? compile(declared.items) : undefined;
      return (value, at, out) => {
        if (!Array.isArray(value)) return mismatch(value, at, out);
        if (items) value.forEach((item, i) => items(item, [...at, i], out));
      };
    }
    case 'object': {
      const required = declared.required ?? [];
      const properties = Object.entries(declared.properties ?? {}).map(
        ([name, property]) => [name, compile(property)] as const,
      );
      return (value, at, out) => {
        if (!isRecord(value)) return mismatch(value, at, out);
        for (const name of required) {
          if (value[name] === undefined) out.push({ at: [...at, name], message: 'is missing' });
        }
        for (const [name, check] of properties) {
          if (value[name] !== undefined) check(value[name], [...at, name], out);
        }
      };
    }
    default:
      return () => undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
