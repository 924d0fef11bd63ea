import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const lockedFlowSchema = z.object({
  /** The Flow's id at the provider. */
  id: z.string().min(1),
  /** SHA-256 of the flow.json last uploaded without validation errors. */
  jsonHash: z.string().optional(),
});

const lockedTemplateSchema = z.object({
  flow: z.string(),
  /** The screen the template's button opens, when it navigates. */
  screen: z.string().optional(),
});

const accountSchema = z.object({
  flows: z.record(z.string(), lockedFlowSchema).default({}),
  templates: z.record(z.string(), lockedTemplateSchema).default({}),
});
export type LockedAccount = z.infer<typeof accountSchema>;

const lockSchema = z.object({
  /** By `cloud:<WABA_ID>` or `360dialog:<waba account id>`: ids are only valid there. */
  accounts: z.record(z.string(), accountSchema).default({}),
});
export type FlowsLock = z.infer<typeof lockSchema>;

export const DEFAULT_LOCK_FILE = 'flows.lock.json';

/** Thrown when the lock file exists but is not one: it is committed, so someone must look. */
export class LockFileError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}; fix it or delete it (the next deploy finds the Flows by name)`);
    this.name = 'LockFileError';
  }
}

export function readFlowsLock(file: string): FlowsLock {
  if (!existsSync(file)) return { accounts: {} };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new LockFileError(file, `not valid JSON (${(err as Error).message})`);
  }
  const parsed = lockSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LockFileError(file, `${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

/** Keys sorted so that the committed file changes only where something changed. */
export function writeFlowsLock(file: string, lock: FlowsLock): void {
  writeFileSync(file, `${JSON.stringify(sortKeys(lock), null, 2)}\n`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, child]) => [key, sortKeys(child)]),
  );
}

/** The account's part of the lock, created empty when absent. */
export function lockedAccount(lock: FlowsLock, account: string): LockedAccount {
  const existing = lock.accounts[account];
  if (existing) return existing;
  const created: LockedAccount = { flows: {}, templates: {} };
  lock.accounts[account] = created;
  return created;
}

/** What decides whether flow.json must be uploaded again. */
export function contentHash(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
