import { COMPONENT_SPECS } from '../components/component-specs';
import type { RuleProblem } from '../flow-json-problem';
import { countAtOnce } from '../rendered-at-once';
import type { FlowRule } from './flow-rule';

const MAX_COMPONENTS = 50;
const MAX_CAROUSELS_PER_FLOW = 3;

/**
 * Per-screen limits: 50 components, and each component's own cap (1 Footer, 2 EmbeddedLinks,
 * 3 Images, 5 OptIns, …), counted over what can render at once; PhotoPicker and DocumentPicker
 * never together; NavigationList alone; RichText alone until 6.3 (then with a Footer only);
 * at most 3 ImageCarousels in a flow.
 */
export const screenLimits: FlowRule = ({ screens, version }) => {
  const problems: RuleProblem[] = [];
  let carousels = 0;
  for (const { screen, index } of screens) {
    const children = screen.layout.children;
    const at = `screens[${index}].layout.children`;
    const total = countAtOnce(children, () => true);
    if (total > MAX_COMPONENTS) {
      problems.push({
        path: at,
        message: `${total} components on one screen; at most ${MAX_COMPONENTS}`,
      });
    }
    for (const [type, spec] of Object.entries(COMPONENT_SPECS)) {
      if (spec.perScreen === undefined) continue;
      const count = countAtOnce(children, (c) => c.type === type);
      if (count > spec.perScreen) {
        problems.push({
          path: at,
          message: `${count} ${type} components on one screen; at most ${spec.perScreen}`,
        });
      }
    }
    const count = (type: string) => countAtOnce(children, (c) => c.type === type);
    if (count('PhotoPicker') > 0 && count('DocumentPicker') > 0) {
      problems.push({
        path: at,
        message: 'a screen cannot have both a PhotoPicker and a DocumentPicker',
      });
    }
    const others = (allowed: string[]) =>
      countAtOnce(children, (c) => !allowed.includes(c.type) && c.type !== 'Form');
    if (count('NavigationList') > 0 && others(['NavigationList']) > 0) {
      problems.push({
        path: at,
        message: 'a NavigationList cannot share its screen with other components',
      });
    }
    if (count('RichText') > 0) {
      const allowed = version >= 6.3 ? ['RichText', 'Footer'] : ['RichText'];
      if (others(allowed) > 0) {
        problems.push({
          path: at,
          message:
            version >= 6.3
              ? 'RichText can share its screen with a Footer only'
              : 'RichText must be alone on its screen before Flow JSON 6.3',
        });
      }
    }
    carousels += count('ImageCarousel');
  }
  if (carousels > MAX_CAROUSELS_PER_FLOW) {
    problems.push({
      path: 'screens',
      message: `${carousels} ImageCarousels in the flow; at most ${MAX_CAROUSELS_PER_FLOW}`,
    });
  }
  return problems;
};
