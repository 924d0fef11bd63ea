import { z } from 'zod';
import { mediaItemSchema, type MediaItem } from '../media/media-item';
import type { DataDeclaration } from '../flow-json/flow-json-schema';
import type { ObjectShape, ValueShape } from './payload-shape';

/** "more_details" → "more details", for messages the user reads. */
const label = (name: string) => name.replace(/[_-]+/g, ' ');

const messages = (name: string) => ({
  error: (issue: { input: unknown }) =>
    issue.input === undefined || issue.input === ''
      ? `Please fill in ${label(name)}.`
      : `Please check ${label(name)}.`,
});

/** A picked file; the user reads about the field ("Please check photos."), not its inner keys. */
const mediaItemOf = (name: string) =>
  z.custom<MediaItem>((value) => mediaItemSchema.safeParse(value).success, messages(name));

/** A zod schema for what a screen sends, from its payload shapes (several: any one of them). */
export function shapesToZod(shapes: readonly ObjectShape[]): z.ZodType<Record<string, unknown>> {
  const [first, ...rest] = shapes.map((shape) => objectToZod(shape, ''));
  if (!first) return z.record(z.string(), z.unknown());
  if (rest.length === 0) return first;
  return z.union([first, ...rest], { error: 'Please check your answers and try again.' });
}

function objectToZod(shape: ObjectShape, name: string): z.ZodObject {
  const fields: Record<string, z.ZodType> = {};
  for (const [field, { shape: value, optional }] of Object.entries(shape.fields)) {
    const schema = valueToZod(value, field);
    fields[field] = optional ? schema.optional() : schema;
  }
  return z.object(fields, messages(name || 'your answers'));
}

function valueToZod(shape: ValueShape, name: string): z.ZodType {
  switch (shape.kind) {
    case 'string':
      return z.string(messages(name));
    case 'boolean':
      return z.boolean(messages(name));
    case 'string[]':
      return z.array(z.string(), messages(name));
    case 'media[]':
      return z.array(mediaItemOf(name), messages(name));
    case 'unknown':
      return z.unknown();
    case 'literal':
      return z.literal(shape.value, messages(name));
    case 'declared':
      return declaredToZod(shape.type, name);
    case 'object':
      return objectToZod(shape, name);
  }
}

/** Incoming data of a declared type, e.g. what `${data.x}` echoes back. */
export function declaredToZod(type: DataDeclaration, name: string): z.ZodType {
  switch (type.type) {
    case 'string':
      return z.string(messages(name));
    case 'number':
      return z.number(messages(name));
    case 'integer':
      return z.number(messages(name)).int(messages(name));
    case 'boolean':
      return z.boolean(messages(name));
    case 'array':
      return z.array(type.items ? declaredToZod(type.items, name) : z.unknown(), messages(name));
    case 'object': {
      const required = new Set(type.required ?? []);
      const fields: Record<string, z.ZodType> = {};
      for (const [field, property] of Object.entries(type.properties ?? {})) {
        const schema = declaredToZod(property, field);
        fields[field] = required.has(field) ? schema : schema.optional();
      }
      return z.looseObject(fields, messages(name));
    }
    default:
      return z.unknown();
  }
}
