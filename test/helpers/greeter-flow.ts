import { z } from 'zod';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { oneScreenFlow } from '../playground/one-screen-flow';

/**
 * A flow whose answer is its tenant's setting: START greets with `greeting` (default `Hello`) and
 * the tenant's name; its Footer completes with the greeting it showed.
 */
export const greeterFlow = defineFlow({
  name: 'greeter',
  flowJson: oneScreenFlow('7.2', '3.0'),
  tenantSettings: z.object({ greeting: z.string().default('Hello') }),
  INIT: (ctx) =>
    ctx.next('START', {
      greeting: `${String(ctx.tenant.settings.greeting)} from ${ctx.tenant.name}`,
    }),
  screens: {
    START: {
      data_exchange: (ctx) => ctx.complete({ greeted_by: ctx.tenant.id }),
    },
  },
});
