import { Command } from 'commander';
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { keyFingerprint } from '../crypto/key-fingerprint';
import { TENANT_ID, type Tenant } from '../tenants/tenant';
import { tenantConfigSchema, type TenantConfig } from '../tenants/tenant-config';
import { readJsonFile } from '../util/read-json-file';
import { DEPLOYMENT_PUBLIC_KEY, readPublicKey } from './keys-upload';
import { withTenantDirectory } from './open-tenant-directory';
import { parseFlag } from './parse-flag';
import { action } from './run-cli';
import { table } from './text-table';
import { UsageError } from './usage-error';

const tenantId = (id: string) => {
  if (!TENANT_ID.test(id)) {
    throw new UsageError(
      `tenant id ${JSON.stringify(id)} must be lower-case letters, digits and dashes (at most 63), starting with a letter or digit`,
    );
  }
  return id;
};

/** The config file, parsed: a problem names the file and the field. Secrets come only from it. */
function readTenantConfig(file: string): TenantConfig {
  const read = readJsonFile(file);
  if ('error' in read) throw new UsageError(`${file}: ${read.error}`);
  const parsed = tenantConfigSchema.safeParse(read.json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(the whole file)';
    throw new UsageError(`${file}: ${field} ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}

const fingerprintOf = (pem: string | undefined) =>
  pem === undefined ? "the deployment's key" : keyFingerprint(createPublicKey(pem));

const EXAMPLE_CONFIG = `{ "name": "Acme Dental", "provider": "360dialog", "wabaId": "102290129340398",
    "phoneNumberIds": ["106540352242922"], "flows": ["book-appointment"],
    "secrets": { "d360ApiKey": "…", "webhookSecret": "…" } }`;

/** `flows-endpoint tenants …`: the businesses a partner deployment serves. */
export function tenantsCommand(): Command {
  const tenants = new Command('tenants')
    .description('the businesses this deployment serves (partner mode; needs TENANT_SECRETS_KEY)')
    .addHelpText(
      'after',
      "\nExample:\n  npx flows-endpoint tenants add acme --config acme.json\n\nTenants live in STORE_URL's store, their secrets sealed under TENANT_SECRETS_KEY.",
    );

  tenants.addCommand(
    new Command('add')
      .description('adds a tenant, or updates it, from a JSON config file (secrets only there)')
      .argument('<id>', 'the tenant id: lower-case letters, digits and dashes')
      .requiredOption('--config <file>', 'the tenant config file (JSON)')
      .addHelpText(
        'after',
        `\nExample:\n  npx flows-endpoint tenants add acme --config acme.json\n\nacme.json:\n  ${EXAMPLE_CONFIG}`,
      )
      .action(
        action(async (id: string, options: { config: string }) => {
          const config = readTenantConfig(options.config);
          const { created, tenant, pem } = await withTenantDirectory(async (directory) => ({
            ...(await directory.put(tenantId(id), config)),
            pem: await directory.publicKey(id),
          }));
          console.log(
            `${created ? 'created' : 'updated'} tenant ${tenant.id} (revision ${tenant.revision}); public key ${fingerprintOf(pem)}`,
          );
        }),
      ),
  );

  tenants.addCommand(
    new Command('list')
      .description('the tenants, as a table (or JSON); never their secrets')
      .option('--format <format>', 'table or json', 'table')
      .addHelpText('after', '\nExample:\n  npx flows-endpoint tenants list --format json')
      .action(
        action(async (options: { format: string }) => {
          const format = parseFlag(z.enum(['table', 'json']), options.format, '--format');
          const all = await withTenantDirectory((directory) => directory.list());
          if (format === 'json') console.log(JSON.stringify(all, null, 2));
          else if (all.length === 0) console.log('no tenants');
          else
            console.log(
              table([['ID', 'NAME', 'PROVIDER', 'WABA', 'FLOWS', 'UPDATED'], ...all.map(row)]),
            );
        }),
      ),
  );

  tenants.addCommand(
    new Command('show')
      .description('one tenant, and which of its secrets are set (never their values)')
      .argument('<id>', 'the tenant id')
      .addHelpText('after', '\nExample:\n  npx flows-endpoint tenants show acme')
      .action(
        action(async (id: string) => {
          const shown = await withTenantDirectory(async (directory) => {
            const tenant = await directory.find(tenantId(id));
            if (!tenant) throw new UsageError(`there is no tenant ${id}`);
            const secrets = (await directory.secrets(id)) ?? {};
            return { tenant, secrets, pem: await directory.publicKey(id) };
          });
          const { tenant, secrets, pem } = shown;
          const set = (value: unknown) => (value === undefined ? 'not set' : 'set');
          console.log(
            [
              `id: ${tenant.id}`,
              `name: ${tenant.name}`,
              `provider: ${tenant.provider}`,
              `wabaId: ${tenant.wabaId ?? '-'}`,
              `phoneNumberIds: ${tenant.phoneNumberIds.join(', ') || '-'}`,
              `d360WabaAccountId: ${tenant.d360WabaAccountId ?? '-'}`,
              `flows: ${tenant.flows.join(', ') || '-'}`,
              `settings: ${JSON.stringify(tenant.settings)}`,
              `requestSignatures: ${tenant.requestSignatures}`,
              `key: ${tenant.sharedKey ? "the deployment's (sharedKey)" : fingerprintOf(pem)}`,
              `d360ApiKey: ${set(secrets.d360ApiKey)}`,
              `accessToken: ${set(secrets.accessToken)}`,
              `appSecrets: ${secrets.appSecrets ? `${secrets.appSecrets.length} set` : 'not set'}`,
              `webhookSecret: ${set(secrets.webhookSecret)}`,
              `revision: ${tenant.revision}`,
              `updatedAt: ${tenant.updatedAt}`,
            ].join('\n'),
          );
        }),
      ),
  );

  tenants.addCommand(
    new Command('remove')
      .description('removes a tenant at once; --erase also deletes all of its data')
      .argument('<id>', 'the tenant id')
      .option('--erase', 'delete its sessions, completions and every record it kept')
      .addHelpText(
        'after',
        '\nExample:\n  npx flows-endpoint completions --tenant acme --format csv > acme.csv\n  npx flows-endpoint tenants remove acme --erase',
      )
      .action(
        action(async (id: string, options: { erase?: boolean }) => {
          const erase = options.erase === true;
          const removed = await withTenantDirectory((directory) =>
            directory.remove(tenantId(id), { erase }),
          );
          if (!removed)
            throw new UsageError(
              `there is no tenant ${id}${erase ? ' (its data, if any, was erased)' : ''}`,
            );
          console.log(`removed tenant ${id}${erase ? ', its data erased' : ''}`);
        }),
      ),
  );

  tenants.addCommand(
    new Command('public-key')
      .description(
        "prints the PEM of the tenant's newest public key, to upload to WhatsApp (keys/public.pem for a tenant using the deployment's key)",
      )
      .argument('<id>', 'the tenant id')
      .addHelpText(
        'after',
        '\nExample:\n  npx flows-endpoint tenants public-key acme > acme-public.pem',
      )
      .action(
        action(async (id: string) => {
          const pem = await withTenantDirectory(async (directory) => {
            const tenant = await directory.find(tenantId(id));
            if (!tenant) throw new UsageError(`there is no tenant ${id}`);
            if (tenant.sharedKey) {
              const why = `tenant ${id} uses the deployment's key (sharedKey)`;
              return readPublicKey(DEPLOYMENT_PUBLIC_KEY, why).pem;
            }
            return directory.publicKey(id);
          });
          console.log((pem ?? '').trimEnd());
        }),
      ),
  );

  tenants.addCommand(
    new Command('rotate-key')
      .description('makes a new key pair in front; the old ones keep decrypting until retired')
      .argument('<id>', 'the tenant id')
      .addHelpText('after', '\nExample:\n  npx flows-endpoint tenants rotate-key acme')
      .action(
        action(async (id: string) => {
          const { fingerprint } = await withTenantDirectory((directory) =>
            directory.rotateKey(tenantId(id)),
          );
          console.log(
            `tenant ${id}: new key ${fingerprint}; upload it (tenants public-key ${id}), then tenants retire-keys ${id}`,
          );
        }),
      ),
  );

  tenants.addCommand(
    new Command('retire-keys')
      .description('keeps only the newest key of a tenant')
      .argument('<id>', 'the tenant id')
      .addHelpText('after', '\nExample:\n  npx flows-endpoint tenants retire-keys acme')
      .action(
        action(async (id: string) => {
          const retired = await withTenantDirectory((directory) =>
            directory.retireOldKeys(tenantId(id)),
          );
          console.log(`tenant ${id}: ${retired} old key${retired === 1 ? '' : 's'} retired`);
        }),
      ),
  );

  tenants.addCommand(
    new Command('rekey')
      .description('re-seals every secret and key under the current TENANT_SECRETS_KEY')
      .addHelpText(
        'after',
        '\nExample:\n  npx flows-endpoint tenants rekey\n\nWith the new master key in TENANT_SECRETS_KEY and the old one in TENANT_SECRETS_PREVIOUS_KEYS.',
      )
      .action(
        action(async () => {
          const count = await withTenantDirectory((directory) => directory.rekey());
          console.log(`re-sealed ${count} tenant${count === 1 ? '' : 's'} under the current key`);
        }),
      ),
  );
  return tenants;
}

function row(tenant: Tenant): string[] {
  return [
    tenant.id,
    tenant.name,
    tenant.provider,
    tenant.wabaId ?? '-',
    tenant.flows.join(',') || '-',
    tenant.updatedAt,
  ];
}
