import type { DataDeclaration } from '../flow-json/flow-json-schema';

export interface ValueProblem {
  /** e.g. `location[2].title` */
  field: string;
  message: string;
}

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

/**
 * Checks `value` against a declaration the way the device's payload-schema check does: types all
 * the way down; nested object properties are required only when listed in `required`.
 */
export function checkValue(
  declared: DataDeclaration,
  value: unknown,
  field: string,
): ValueProblem[] {
  switch (declared.type) {
    case 'string':
    case 'boolean':
      return typeof value === declared.type ? [] : [mismatch(field, declared.type, value)];
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? []
        : [mismatch(field, 'number', value)];
    case 'integer':
      return Number.isInteger(value) ? [] : [mismatch(field, 'integer', value)];
    case 'array': {
      if (!Array.isArray(value)) return [mismatch(field, 'array', value)];
      const items = declared.items;
      return items ? value.flatMap((item, i) => checkValue(items, item, `${field}[${i}]`)) : [];
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return [mismatch(field, 'object', value)];
      }
      const record = value as Record<string, unknown>;
      const problems: ValueProblem[] = [];
      for (const name of declared.required ?? []) {
        if (record[name] === undefined)
          problems.push({ field: `${field}.${name}`, message: 'is missing' });
      }
      for (const [name, property] of Object.entries(declared.properties ?? {})) {
        if (record[name] !== undefined)
          problems.push(...checkValue(property, record[name], `${field}.${name}`));
      }
      return problems;
    }
    default:
      return [];
  }
}

function mismatch(field: string, expected: string, value: unknown): ValueProblem {
  return { field, message: `should be ${expected} but is ${describe(value)}` };
}
