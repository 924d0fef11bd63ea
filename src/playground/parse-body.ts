import type { Request, Response } from 'express';
import type { z } from 'zod';
import { EndpointError } from '../errors/endpoint-error';
import { sendError } from '../http/send-error';

/** A request body parsed with zod; a 400 naming the first field at fault otherwise. */
export function parseBody<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  sendError(
    res,
    new EndpointError('bad_request', `${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`),
  );
  return undefined;
}
