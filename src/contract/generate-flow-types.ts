import type { FlowJson } from '../flow-json/flow-json-schema';
import { completeShapes } from './complete-shapes';
import { exchangeShapes } from './exchange-shapes';
import { screenDataToType, shapeToType } from './shape-to-type';

/** `book-appointment` → `BookAppointment` */
export function typeNameOf(flowName: string): string {
  return flowName
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

/**
 * TypeScript source describing a flow.json: its screen ids, each screen's data, what each
 * screen's data_exchange actions send and which screens refresh on back. Handlers compile against
 * it through `defineFlow<…Flow>()`.
 */
export function generateFlowTypes(json: FlowJson, flowName: string): string {
  const name = typeNameOf(flowName);
  const screens = json.screens.map(
    (screen) => `  ${screen.id}: ${screenDataToType(screen.data ?? {}, '  ')};`,
  );
  const exchanges = [...exchangeShapes(json)].map(
    ([screen, shapes]) =>
      `  ${screen}:\n${shapes.map((shape) => `    | ${shapeToType(shape, '    ')}`).join('\n')};`,
  );
  const completions = completeShapes(json).map((shape) => `  | ${shapeToType(shape, '  ')}`);
  const refreshes = json.screens
    .filter((screen) => screen.refresh_on_back === true)
    .map((screen) => JSON.stringify(screen.id));
  return [
    `// Generated from flow.json by \`npm run flows -- types\`: do not edit, regenerate.`,
    '',
    `export type ${name}ScreenId = ${json.screens.map((screen) => JSON.stringify(screen.id)).join(' | ')};`,
    '',
    `/** The data each screen declares. */`,
    `export interface ${name}Screens {`,
    ...screens,
    '}',
    '',
    `/** What each screen's data_exchange actions send. */`,
    // A flow without an endpoint has none; an empty interface would accept any value.
    ...(exchanges.length > 0
      ? [`export interface ${name}Exchanges {`, ...exchanges, '}']
      : [`export type ${name}Exchanges = Record<never, never>;`]),
    '',
    `/** What the flow's complete actions send (any params when it completes from the endpoint). */`,
    `export type ${name}Completion =`,
    ...(completions.length > 0 ? completions : ['  Record<string, unknown>']),
    '  ;',
    '',
    `/** The screens with refresh_on_back: BACK on them calls the endpoint, so they need a BACK handler. */`,
    `export type ${name}RefreshOnBack = ${refreshes.length > 0 ? refreshes.join(' | ') : 'never'};`,
    '',
    `export interface ${name}Flow {`,
    `  screens: ${name}Screens;`,
    `  exchanges: ${name}Exchanges;`,
    `  completion: ${name}Completion;`,
    `  refreshOnBack: ${name}RefreshOnBack;`,
    '}',
    '',
  ].join('\n');
}
