import type { DataDeclaration } from '../flow-json/flow-json-schema';
import { isRecord } from '../util/is-record';

/** What one value of a data_exchange payload will hold, as far as flow.json tells. */
export type ValueShape =
  | { kind: 'string' | 'boolean' | 'string[]' | 'media[]' | 'unknown' }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'declared'; type: DataDeclaration }
  | ObjectShape;

export interface ObjectShape {
  kind: 'object';
  fields: Record<string, FieldShape>;
}

export interface FieldShape {
  shape: ValueShape;
  optional: boolean;
  /** The label of the input it comes from, for messages the user reads. */
  label?: string;
}

export interface InputInScope {
  type: string;
  required: boolean | string;
  label?: string | undefined;
}

const FORM_REF = /^\$\{form\.([\w-]+)\}$/;
const DATA_REF = /^\$\{data\.([\w-]+)\}$/;
const ANY_REF = /\$\{[^}]+\}/;

/** Inputs whose value is a list of choices, or a yes/no. */
const LIST_INPUTS = new Set(['CheckboxGroup', 'ChipsSelector']);
const BOOLEAN_INPUTS = new Set(['OptIn']);
/** Media pickers send a list of file descriptors whose form is the protocol's, not the flow's. */
const MEDIA_INPUTS = new Set(['PhotoPicker', 'DocumentPicker']);

/**
 * The shape of a payload as the device will send it: `${form.x}` takes the input's kind,
 * `${data.x}` the screen's declared type, literals stay literal.
 */
export function payloadShape(
  payload: Record<string, unknown>,
  inputs: ReadonlyMap<string, InputInScope>,
  screenData: Readonly<Record<string, DataDeclaration>>,
): ObjectShape {
  const fields: ObjectShape['fields'] = {};
  for (const [name, value] of Object.entries(payload)) {
    fields[name] = valueShape(value, inputs, screenData);
  }
  return { kind: 'object', fields };
}

function valueShape(
  value: unknown,
  inputs: ReadonlyMap<string, InputInScope>,
  screenData: Readonly<Record<string, DataDeclaration>>,
): FieldShape {
  if (typeof value === 'string') {
    const form = FORM_REF.exec(value)?.[1];
    if (form !== undefined) {
      const input = inputs.get(form);
      // An input that is not always required may come back empty or not at all.
      const optional = input?.required !== true;
      if (!input) return { shape: { kind: 'unknown' }, optional: true };
      const label = input.label !== undefined ? { label: input.label } : {};
      if (MEDIA_INPUTS.has(input.type)) return { shape: { kind: 'media[]' }, optional, ...label };
      if (LIST_INPUTS.has(input.type)) return { shape: { kind: 'string[]' }, optional, ...label };
      if (BOOLEAN_INPUTS.has(input.type)) return { shape: { kind: 'boolean' }, optional, ...label };
      return { shape: { kind: 'string' }, optional, ...label };
    }
    const data = DATA_REF.exec(value)?.[1];
    if (data !== undefined) {
      const type = screenData[data];
      return type
        ? { shape: { kind: 'declared', type }, optional: false }
        : { shape: { kind: 'unknown' }, optional: true };
    }
    if (ANY_REF.test(value)) {
      // Text around a reference is still text; a reference to another screen is not known here.
      const whole = /^\$\{[^}]+\}$/.test(value);
      return whole
        ? { shape: { kind: 'unknown' }, optional: true }
        : { shape: { kind: 'string' }, optional: false };
    }
    return { shape: { kind: 'literal', value }, optional: false };
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return { shape: { kind: 'literal', value }, optional: false };
  }
  if (isRecord(value)) {
    return {
      shape: payloadShape(value, inputs, screenData),
      optional: false,
    };
  }
  return { shape: { kind: 'unknown' }, optional: true };
}
