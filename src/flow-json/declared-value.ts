import type { DataDeclaration } from './flow-json-schema';
import { isRecord } from '../util/is-record';
import type { JsonPath } from '../util/json-path';

/** Where a value departs from its declaration, relative to the value checked. */
export interface ValueProblem {
  at: JsonPath;
  message: string;
}

/** Checks one value; `at` prefixes the paths it reports. */
export type ValueCheck = (value: unknown, at?: JsonPath) => readonly ValueProblem[];

type Step = (value: unknown, at: JsonPath, out: ValueProblem[]) => void;

/**
 * The one reading of a Flow JSON data declaration (`{type, items, properties, required}`):
 * types all the way down, array items against `items`, object properties against `properties`,
 * nested properties required only when listed in `required`. Compiled once per declaration,
 * since the answer check runs it on every answer; used for `__example__`s, for answers and for
 * the payload schemas.
 */
export function compileDeclaration(declared: DataDeclaration): ValueCheck {
  const valid = compileTest(declared);
  const step = compile(declared);
  return (value, at = []) => {
    // Nearly every value fits: the test allocates nothing; paths are built only for a misfit.
    if (valid(value)) return NONE;
    const out: ValueProblem[] = [];
    step(value, at, out);
    return out;
  };
}

const NONE: readonly ValueProblem[] = Object.freeze([]);

/** The same reading as `compile`, as a yes/no that allocates nothing. */
function compileTest(declared: DataDeclaration): (value: unknown) => boolean {
  switch (declared.type) {
    case 'string':
      return (value) => typeof value === 'string';
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'number':
      return (value) => typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return (value) => Number.isInteger(value);
    case 'array': {
      const items = declared.items ? compileTest(declared.items) : undefined;
      return (value) => {
        if (!Array.isArray(value)) return false;
        if (items) for (const item of value) if (!items(item)) return false;
        return true;
      };
    }
    case 'object': {
      const required = declared.required ?? [];
      const properties = Object.entries(declared.properties ?? {}).map(
        ([name, property]) => [name, compileTest(property)] as const,
      );
      return (value) => {
        if (!isRecord(value)) return false;
        for (const name of required) if (value[name] === undefined) return false;
        for (const [name, test] of properties) {
          const field = value[name];
          if (field !== undefined && !test(field)) return false;
        }
        return true;
      };
    }
    default:
      return () => true;
  }
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
