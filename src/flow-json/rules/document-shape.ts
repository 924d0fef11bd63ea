import { FLOW_JSON_VERSIONS, PUBLISHABLE_FROM } from '../flow-json-versions';
import { warning, type RuleProblem } from '../flow-json-problem';
import { renderPath } from '../../util/json-path';
import type { FlowRule } from './flow-rule';
import { didYouMean } from '../../util/did-you-mean';

const TOP_KEYS = new Set([
  'version',
  'screens',
  'routing_model',
  'data_api_version',
  'data_channel_uri',
]);
const SCREEN_KEYS = new Set([
  'id',
  'title',
  'terminal',
  'success',
  'data',
  'layout',
  'refresh_on_back',
  'sensitive',
]);
const MAX_SCREENS = 100;
const MAX_BYTES = 10 * 1024 * 1024;
// Meta's message says "only alphabets and underscores"; its examples and others' use digits too.
const SCREEN_ID = /^[A-Za-z0-9_]+$/;

/**
 * What Meta's schema rejects outright: unknown keys at the top and on screens, an unknown
 * version, data_channel_uri from 3.0, more than 100 screens or 10 MB, a layout other than
 * SingleColumnLayout, a screen id with other characters than letters, digits and underscores.
 */
export const documentShape: FlowRule = ({ document, top, screens, version }) => {
  const problems: RuleProblem[] = [];
  for (const key of Object.keys(document)) {
    if (!TOP_KEYS.has(key))
      problems.push({
        path: renderPath([key]),
        message: `"${key}" is not a Flow JSON key${didYouMean(key, TOP_KEYS)}`,
      });
  }
  if (top.version !== undefined) {
    if (!(FLOW_JSON_VERSIONS as readonly string[]).includes(top.version)) {
      problems.push({
        path: 'version',
        message: `unknown Flow JSON version "${top.version}" (known: ${FLOW_JSON_VERSIONS.join(', ')})`,
      });
    } else if (version < PUBLISHABLE_FROM) {
      problems.push(
        warning(
          'version',
          `Flow JSON ${top.version} can still be sent but no longer published (publishing needs ${PUBLISHABLE_FROM} or later)`,
        ),
      );
    }
  }
  if (document.data_channel_uri !== undefined && version >= 3.0) {
    problems.push({
      path: 'data_channel_uri',
      message:
        'data_channel_uri is not allowed from Flow JSON 3.0: set the endpoint with the Flows API (endpoint_uri)',
    });
  }
  const count = Array.isArray(document.screens) ? document.screens.length : 0;
  if (count > MAX_SCREENS)
    problems.push({ path: 'screens', message: `${count} screens; at most ${MAX_SCREENS}` });
  const bytes = Buffer.byteLength(JSON.stringify(document));
  if (bytes > MAX_BYTES)
    problems.push({ path: '(root)', message: `${bytes} bytes; Flow JSON is limited to 10 MB` });
  for (const { screen, index } of screens) {
    for (const key of Object.keys(screen)) {
      if (!SCREEN_KEYS.has(key))
        problems.push({
          path: renderPath(['screens', index, key]),
          message: `"${key}" is not a screen key${didYouMean(key, SCREEN_KEYS)}`,
        });
    }
    if (screen.layout.type !== 'SingleColumnLayout') {
      problems.push({
        path: `screens[${index}].layout.type`,
        message: `unknown layout "${screen.layout.type}" (the only one is SingleColumnLayout)`,
      });
    }
    if (!SCREEN_ID.test(screen.id)) {
      problems.push({
        path: `screens[${index}].id`,
        message: `screen id "${screen.id}" may hold only letters, digits and underscores`,
      });
    }
  }
  return problems;
};
