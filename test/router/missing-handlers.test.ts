import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { FlowJsonError, loadFlow } from '../../src/router/load-flow';

const flowJson: unknown = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'flow-json', 'valid-flow.json'), 'utf8'),
);
const ok = () => ({ screen: 'CONFIRM', data: {} }) as never;

describe('loadFlow: handlers against flow.json', () => {
  it('when every data_exchange screen has its handler but INIT is missing, then it loads with a warning', () => {
    const flow = defineFlow({
      name: 'f',
      flowJson,
      screens: { CHOOSE: { data_exchange: ok }, DETAILS: { data_exchange: ok } },
    });
    expect(loadFlow(flow).warnings).toEqual([
      'flows/f/flow.json: the flow has data_exchange screens but no INIT handler: it can only be sent with flow_action navigate',
    ]);
  });

  it('when the flow has an INIT handler, then there is no warning', () => {
    const flow = defineFlow({
      name: 'f',
      flowJson,
      INIT: ok,
      screens: { CHOOSE: { data_exchange: ok }, DETAILS: { data_exchange: ok } },
    });
    expect(loadFlow(flow).warnings).toEqual([]);
  });

  it('when a screen with a data_exchange action has no handler, then start-up names file and screen', () => {
    const flow = defineFlow({ name: 'f', flowJson, screens: { CHOOSE: { data_exchange: ok } } });
    expect(() => loadFlow(flow)).toThrow(FlowJsonError);
    expect(() => loadFlow(flow)).toThrow(
      'flows/f/flow.json: screen "DETAILS" has a data_exchange action but no data_exchange handler',
    );
  });

  it('when a refresh_on_back screen has no BACK handler, then start-up says so', () => {
    const json = structuredClone(flowJson) as { screens: Record<string, unknown>[] };
    json.screens[1] = { ...json.screens[1], refresh_on_back: true };
    const flow = defineFlow({
      name: 'f',
      flowJson: json,
      screens: { CHOOSE: { data_exchange: ok }, DETAILS: { data_exchange: ok } },
    });
    expect(() => loadFlow(flow)).toThrow(
      'screen "DETAILS" has refresh_on_back but no BACK handler',
    );
  });
});
