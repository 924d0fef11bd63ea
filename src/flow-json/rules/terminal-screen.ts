import type { FlowRule } from './flow-rule';

/** A flow must be able to end: at least one screen is terminal. */
export const terminalScreen: FlowRule = ({ screens, complete }) =>
  complete && !screens.some(({ screen }) => screen.terminal === true)
    ? [{ path: 'screens', message: 'no screen is terminal' }]
    : [];
