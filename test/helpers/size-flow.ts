import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineFlow } from '../../src/flow-definition/define-flow';

/** A small flow (PICK a size and an email → DONE → SUCCESS) whose endpoint can misbehave. */
export const SIZE_FLOW_FILE = join(__dirname, '..', 'fixtures', 'flows', 'leaky', 'flow.json');
const flowJson = JSON.parse(readFileSync(SIZE_FLOW_FILE, 'utf8')) as unknown;

const SIZES = [
  { id: 's', title: 'Small' },
  { id: 'm', title: 'Medium' },
  { id: 'l', title: 'Large' },
];

/**
 * `undeclared-field`: PICK's answer carries a field DONE does not declare (serve it with
 * validation off, as a server without this project's checks would); `no-options`: INIT offers no
 * size, so the required choice can never be made; `crash-on-large`: the handler throws for "l".
 */
export type SizeFault = 'none' | 'undeclared-field' | 'no-options' | 'crash-on-large';

export function sizeFlow(fault: SizeFault = 'none') {
  return defineFlow({
    name: 'leaky',
    flowJson,
    INIT: (ctx) => ctx.next('PICK', { sizes: fault === 'no-options' ? [] : SIZES }),
    screens: {
      PICK: {
        data_exchange: (ctx) => {
          const size = String(ctx.data.size);
          if (!String(ctx.data.email).includes('@'))
            return ctx.showError('Please check your email.');
          if (fault === 'crash-on-large' && size === 'l')
            throw new Error('no large sizes in stock');
          return ctx.next('DONE', {
            size,
            ...(fault === 'undeclared-field' && { discount_code: 'WELCOME10' }),
          });
        },
      },
      DONE: { data_exchange: (ctx) => ctx.complete({ size: ctx.data.size }) },
    },
  });
}
