import { DATA_API_VERSIONS } from '../flow-json-versions';
import type { RuleProblem } from '../flow-json-problem';
import type { FlowRule } from './flow-rule';

/** refresh_on_back asks the endpoint, which only a flow with data_api_version has; known Data API versions. */
export const endpointSettings: FlowRule = ({ top, screens }) => {
  const problems: RuleProblem[] = [];
  const api = top.data_api_version;
  if (api !== undefined && !(DATA_API_VERSIONS as readonly string[]).includes(api)) {
    problems.push({
      path: 'data_api_version',
      message: `unknown data_api_version "${api}" (expected ${DATA_API_VERSIONS.join(' or ')})`,
    });
  }
  if (api === undefined) {
    for (const { screen, index } of screens) {
      if (screen.refresh_on_back === true) {
        problems.push({
          path: `screens[${index}].refresh_on_back`,
          message: 'refresh_on_back needs data_api_version (it calls the endpoint on BACK)',
        });
      }
    }
  }
  return problems;
};
