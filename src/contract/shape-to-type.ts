import type { DataDeclaration } from '../flow-json/flow-json-schema';
import type { ObjectShape, ValueShape } from './payload-shape';

/** What a PhotoPicker or DocumentPicker sends, as src/media/media-item.ts parses it. */
function mediaItemsType(indent: string): string {
  const metadata = ['encrypted_hash', 'iv', 'encryption_key', 'hmac_key', 'plaintext_hash']
    .map((name) => `${indent}    ${name}: string;`)
    .join('\n');
  return [
    'Array<{',
    ...['media_id', 'cdn_url', 'file_name'].map((name) => `${indent}  ${name}: string;`),
    `${indent}  encryption_metadata: {`,
    metadata,
    `${indent}  };`,
    `${indent}}>`,
  ].join('\n');
}

const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

/** TypeScript source for a declared type, e.g. `{ id: string; title?: string }[]`. */
function declaredToType(type: DataDeclaration, indent = ''): string {
  switch (type.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `Array<${type.items ? declaredToType(type.items, indent) : 'unknown'}>`;
    case 'object': {
      const required = new Set(type.required ?? []);
      const fields = Object.entries(type.properties ?? {}).map(
        ([name, property]) =>
          `${indent}  ${key(name)}${required.has(name) ? '' : '?'}: ${declaredToType(property, `${indent}  `)};`,
      );
      return fields.length ? `{\n${fields.join('\n')}\n${indent}}` : 'Record<string, unknown>';
    }
    default:
      return 'unknown';
  }
}

/** TypeScript source for a screen's data declaration. */
export function screenDataToType(
  data: Readonly<Record<string, DataDeclaration>>,
  indent: string,
): string {
  const fields = Object.entries(data).map(
    ([name, type]) => `${indent}  ${key(name)}: ${declaredToType(type, `${indent}  `)};`,
  );
  return fields.length ? `{\n${fields.join('\n')}\n${indent}}` : 'Record<string, never>';
}

/** TypeScript source for a payload shape. */
export function shapeToType(shape: ObjectShape, indent: string): string {
  const fields = Object.entries(shape.fields).map(
    ([name, { shape: value, optional }]) =>
      `${indent}  ${key(name)}${optional ? '?' : ''}: ${valueToType(value, `${indent}  `)};`,
  );
  return fields.length ? `{\n${fields.join('\n')}\n${indent}}` : 'Record<string, never>';
}

function valueToType(shape: ValueShape, indent: string): string {
  switch (shape.kind) {
    case 'string':
    case 'boolean':
      return shape.kind;
    case 'string[]':
      return 'string[]';
    case 'media[]':
      return mediaItemsType(indent);
    case 'unknown':
      return 'unknown';
    case 'literal':
      return JSON.stringify(shape.value);
    case 'declared':
      return declaredToType(shape.type, indent);
    case 'object':
      return shapeToType(shape, indent);
  }
}
