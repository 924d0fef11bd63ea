import type { z } from 'zod';

/** zod says "expected string, received undefined" where a reader wants "missing". */
export const missingKeyError: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined
    ? `missing (expected ${issue.expected})`
    : undefined;
