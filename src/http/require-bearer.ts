import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { EndpointError } from '../errors/endpoint-error';

/**
 * Lets a request through only with `Authorization: Bearer <token>`, compared in constant time so
 * that the answer's timing says nothing of how much of a guess was right. Otherwise a 401.
 */
export function requireBearer(token: string, what: string): RequestHandler {
  const expected = Buffer.from(`Bearer ${token}`);
  return (req, res, next) => {
    const given = Buffer.from(req.get('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.set('WWW-Authenticate', 'Bearer');
      throw new EndpointError('unauthorized', `${what} need the bearer token`);
    }
    next();
  };
}
