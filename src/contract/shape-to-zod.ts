import { z } from 'zod';
import { compileDeclaration } from '../flow-json/declared-value';
import { mediaItemSchema, type MediaItem } from '../media/media-item';
import type { DataDeclaration } from '../flow-json/flow-json-schema';
import type { ObjectShape, ValueShape } from './payload-shape';

/**
 * What the user reads: the input's label from flow.json ("'Leave a comment'"), or, for a value
 * with no input behind it, its name made readable ("more_details" → "more details").
 */
const readable = (name: string, label?: string) =>
  label !== undefined ? `'${label}'` : name.replace(/[_-]+/g, ' ');

const messages = (name: string, label?: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined || issue.input === ''
      ? `Please fill in ${readable(name, label)}.`
      : `Please check ${readable(name, label)}.`,
});

/** A picked file; the user reads about the field ("Please check photos."), not its inner keys. */
const mediaItemOf = (name: string, label?: string) =>
  z.custom<MediaItem>((value) => mediaItemSchema.safeParse(value).success, messages(name, label));

/** A zod schema for what a screen sends, from its payload shapes (several: any one of them). */
export function shapesToZod(shapes: readonly ObjectShape[]): z.ZodType<Record<string, unknown>> {
  const [first, ...rest] = shapes.map((shape) => objectToZod(shape, ''));
  if (!first) return z.record(z.string(), z.unknown());
  if (rest.length === 0) return first;
  return z.union([first, ...rest], { error: 'Please check your answers and try again.' });
}

function objectToZod(shape: ObjectShape, name: string): z.ZodObject {
  const fields: Record<string, z.ZodType> = {};
  for (const [field, { shape: value, optional, label }] of Object.entries(shape.fields)) {
    const schema = valueToZod(value, field, label);
    fields[field] = optional ? schema.optional() : schema;
  }
  return z.object(fields, messages(name || 'your answers'));
}

function valueToZod(shape: ValueShape, name: string, label?: string): z.ZodType {
  switch (shape.kind) {
    case 'string':
      return z.string(messages(name, label));
    case 'boolean':
      return z.boolean(messages(name, label));
    case 'string[]':
      return z.array(z.string(), messages(name, label));
    case 'media[]':
      return z.array(mediaItemOf(name, label), messages(name, label));
    case 'unknown':
      return z.unknown();
    case 'literal':
      return z.literal(shape.value, messages(name, label));
    case 'declared':
      return declaredToZod(shape.type, name);
    case 'object':
      return objectToZod(shape, name);
  }
}

/**
 * Incoming data of a declared type, e.g. what `${data.x}` echoes back: the flow's one reading of a
 * data declaration (compileDeclaration), compiled once when the schema is built.
 */
export function declaredToZod(type: DataDeclaration, name: string): z.ZodType {
  const check = compileDeclaration(type);
  return z.custom((value) => check(value).length === 0, messages(name));
}
