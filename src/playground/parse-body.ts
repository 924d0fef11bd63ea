import type { Request } from 'express';
import type { z } from 'zod';
import { EndpointError } from '../errors/endpoint-error';

/**
 * A request body parsed with zod; a 400 naming the first field at fault otherwise (thrown: the
 * app's error handler writes it).
 */
export function parseBody<T>(schema: z.ZodType<T>, req: Request): T {
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new EndpointError(
    'bad_request',
    `${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`,
  );
}
