import express, { Router, type Request } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { EndpointError } from '../errors/endpoint-error';
import { InvalidBodyError } from '../errors/invalid-body-error';
import { requireBearer } from '../http/require-bearer';
import { DEFAULT_TENANT_ID, TENANT_ID } from '../tenants/tenant';
import { tenantConfigSchema } from '../tenants/tenant-config';
import type { TenantDirectory } from '../tenants/tenant-directory';
import { tenantView } from '../tenants/tenant-view';

/** A tenant's config is a few KiB; anything near this is not one. */
export const ADMIN_BODY_LIMIT = '64kb';

export interface AdminDeps {
  tenants: TenantDirectory;
  /** ADMIN_TOKEN: every request must carry it as its bearer token. */
  token: string;
  logger: Logger;
}

const eraseQuery = z.object({
  erase: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
});

/** The tenant a path names: 400 for what cannot be a stored tenant's id. */
function tenantId(req: Request): string {
  const { id } = req.params;
  if (typeof id !== 'string' || !TENANT_ID.test(id)) {
    throw new EndpointError(
      'bad_request',
      'tenant id must be lower-case letters, digits and dashes (at most 63), starting with a letter or digit',
    );
  }
  if (id === DEFAULT_TENANT_ID) {
    throw new EndpointError(
      'bad_request',
      'tenant id default is reserved for the business configured from the environment',
    );
  }
  return id;
}

function issuesOf(error: z.ZodError): InvalidBodyError {
  return new InvalidBodyError(
    error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

/**
 * /admin/tenants: onboarding automation's view of the directory. Behind ADMIN_TOKEN; answers
 * never hold a secret's value, only whether it is set.
 */
export function createAdminRouter({ tenants, token, logger }: AdminDeps): Router {
  const router = Router();
  router.use((_req, res, next) => {
    // Tenants' settings are nobody's cache's business.
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(requireBearer(token, 'admin requests'));

  router.get('/tenants', async (_req, res) => {
    const all = await tenants.list();
    res.json({ tenants: all.map((tenant) => tenantView(tenant)) });
  });

  router.get('/tenants/:id', async (req, res) => {
    const id = tenantId(req);
    const tenant = await tenants.find(id);
    if (!tenant) throw new EndpointError('not_found', `no tenant ${id}`);
    res.json(tenantView(tenant, await tenants.secrets(id)));
  });

  router.put(
    '/tenants/:id',
    (req, _res, next) => {
      if (!req.is('application/json')) {
        throw new EndpointError('unsupported_media_type', 'the body must be application/json');
      }
      next();
    },
    express.json({ limit: ADMIN_BODY_LIMIT, type: 'application/json' }),
    async (req, res) => {
      const id = tenantId(req);
      const parsed = tenantConfigSchema.safeParse(req.body);
      if (!parsed.success) throw issuesOf(parsed.error);
      const { tenant, created } = await tenants.put(id, parsed.data);
      logger.info(
        { tenant: id, revision: tenant.revision },
        created ? 'tenant added' : 'tenant updated',
      );
      if (created) res.location(`${req.baseUrl}/tenants/${id}`);
      res.status(created ? 201 : 200).json(tenantView(tenant, await tenants.secrets(id)));
    },
  );

  router.delete('/tenants/:id', async (req, res) => {
    const id = tenantId(req);
    const query = eraseQuery.safeParse(req.query);
    if (!query.success) throw issuesOf(query.error);
    const erase = query.data.erase === 'true';
    if (!(await tenants.remove(id, { erase }))) {
      throw new EndpointError('not_found', `no tenant ${id}`);
    }
    logger.info({ tenant: id, erase }, 'tenant removed');
    res.status(204).end();
  });

  router.get('/tenants/:id/public-key', async (req, res) => {
    const id = tenantId(req);
    const pem = await tenants.publicKey(id);
    if (pem === undefined) throw new EndpointError('not_found', `no tenant ${id}`);
    res.type('application/x-pem-file').send(pem);
  });

  return router;
}
