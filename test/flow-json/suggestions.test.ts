import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateFlowJson } from '../../src/flow-json/validate-flow-json';

// A name that is not known but is close to one that is: the message says which one was meant.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const base = () =>
  JSON.parse(
    readFileSync(join(__dirname, '..', 'fixtures', 'flow-json', 'valid-flow.json'), 'utf8'),
  ) as Json;

const messagesOf = (change: (json: Json) => void): string[] => {
  const json = base();
  change(json);
  return validateFlowJson(json).map((problem) => problem.message);
};

const details = (json: Json) => json.screens[1].layout.children;
const chooseFooter = (json: Json) => json.screens[0].layout.children[0].children.at(-1);

describe('when a name is unknown but close to a known one, then the message suggests it', () => {
  it.each<[string, (json: Json) => void, string]>([
    [
      'a navigate to a screen with two letters swapped',
      (json) => {
        chooseFooter(json)['on-click-action'].next.name = 'DETIALS';
      },
      'navigate to unknown screen "DETIALS" (did you mean "DETAILS"?)',
    ],
    [
      'a routing_model target in the wrong case',
      (json) => {
        json.routing_model.DETAILS = ['Confirm'];
      },
      'routing_model routes to unknown screen "Confirm" (did you mean "CONFIRM"?)',
    ],
    [
      'a routing_model source with a letter missing',
      (json) => {
        json.routing_model.DETAIL = json.routing_model.DETAILS;
        delete json.routing_model.DETAILS;
      },
      'routing_model names unknown screen "DETAIL" (did you mean "DETAILS"?)',
    ],
    [
      'a component type in the wrong case',
      (json) => {
        details(json)[0].type = 'Textinput';
      },
      'unknown component type "Textinput" (did you mean "TextInput"?)',
    ],
    [
      'a misspelt property',
      (json) => {
        details(json)[0].lable = details(json)[0].label;
        delete details(json)[0].label;
      },
      '"lable" is not a property of TextInput in Meta\'s reference (did you mean "label"?)',
    ],
    [
      'a misspelt top-level key',
      (json) => {
        json.routing_modle = json.routing_model;
      },
      '"routing_modle" is not a Flow JSON key (did you mean "routing_model"?)',
    ],
    [
      'a misspelt screen key',
      (json) => {
        json.screens[2].termnal = true;
      },
      '"termnal" is not a screen key (did you mean "terminal"?)',
    ],
  ])('%s', (_case, change, message) => {
    expect(messagesOf(change)).toContain(message);
  });

  it('when nothing known is close, then no suggestion is made', () => {
    const messages = messagesOf((json) => {
      chooseFooter(json)['on-click-action'].next.name = 'PAYMENT';
    });
    expect(messages).toContain('navigate to unknown screen "PAYMENT"');
  });
});
