import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { EndpointError } from '../errors/endpoint-error';

const PLAYGROUND_COOKIE = 'playground_token';

const digest = (value: string) => createHash('sha256').update(value).digest();

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * PLAYGROUND_TOKEN, from a bearer header, the cookie, or `?token=` (which then sets the cookie, so
 * the page's own requests carry it). Compared in constant time.
 */
export function checkPlaygroundToken(token: string): RequestHandler {
  const expected = digest(token);
  const matches = (candidate: string | undefined) =>
    candidate !== undefined && timingSafeEqual(digest(candidate), expected);
  return (req, res, next) => {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const query = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (matches(bearer) || matches(cookieValue(req.headers.cookie, PLAYGROUND_COOKIE))) {
      next();
      return;
    }
    if (matches(query)) {
      res.cookie(PLAYGROUND_COOKIE, query, {
        httpOnly: true,
        sameSite: 'strict',
        secure: req.secure,
        path: '/playground',
      });
      next();
      return;
    }
    throw new EndpointError('unauthorized', 'the playground needs PLAYGROUND_TOKEN');
  };
}
