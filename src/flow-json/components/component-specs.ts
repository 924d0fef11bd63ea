import type { ActionAllowance, ComponentSpec, OptionFields, PropSpec } from './component-spec';

// Versions each feature arrived in, from Meta's reference and changelog.
const V4 = 4.0;
const V5 = 5.0;
const V51 = 5.1;
const V6 = 6.0;

const visible: PropSpec = { kind: 'boolean' };
const bool: PropSpec = { kind: 'boolean' };
const str = (max?: number, since?: number): PropSpec => ({
  kind: 'string',
  ...(max ? { max } : {}),
  ...(since ? { since } : {}),
});
const initValue = (of: PropSpec): PropSpec => ({ ...of, since: V4, outsideFormOnly: true });
const errorMessage = (max?: number): PropSpec => ({
  ...str(max),
  since: V4,
  outsideFormOnly: true,
});
const action = (actions: ActionAllowance, since?: number): PropSpec => ({
  kind: 'action',
  actions,
  ...(since ? { since } : {}),
});
const updateData: ActionAllowance = { update_data: V6 };

const fontWeight: PropSpec = {
  kind: 'enum',
  values: ['bold', 'italic', 'bold_italic', 'normal'],
};
const textProps = (max: number): Record<string, PropSpec> => ({
  text: { kind: 'text', max },
  'font-weight': fontWeight,
  strikethrough: bool,
  markdown: { kind: 'boolean', since: V51 },
  visible,
});

/** Fields of a data-source item (CheckboxGroup, RadioButtonsGroup, Dropdown). */
const optionFields: OptionFields = {
  id: str(),
  title: str(30),
  description: str(300),
  metadata: str(20),
  enabled: bool,
  image: { kind: 'string', since: V5 },
  'alt-text': str(undefined, V5),
  color: str(undefined, V5),
  'on-select-action': action(updateData, V6),
  'on-unselect-action': action(updateData, V6),
};
const chipFields: OptionFields = {
  id: str(),
  title: str(30),
  enabled: bool,
  'on-select-action': action(updateData, 7.1),
  'on-unselect-action': action(updateData, 7.1),
};

const selection = (labelMax: number, items: [number, number]): Record<string, PropSpec> => ({
  name: str(),
  label: str(labelMax),
  'data-source': { kind: 'options', items, fields: optionFields },
  required: bool,
  enabled: bool,
  visible,
  'on-select-action': action({ data_exchange: 0, update_data: V6 }),
  'on-unselect-action': action(updateData, V6),
  'error-message': errorMessage(),
});

const textEntry: Record<string, PropSpec> = {
  name: str(),
  label: str(20),
  'label-variant': { kind: 'enum', values: ['large'], since: 7.0 },
  required: bool,
  'helper-text': str(80),
  enabled: bool,
  visible,
  'init-value': initValue(str()),
  'error-message': errorMessage(30),
};

const BRANCHES = 4.0;

export const COMPONENT_SPECS: Readonly<Record<string, ComponentSpec>> = {
  TextHeading: {
    since: 0,
    props: { text: { kind: 'string', max: 80, notBlank: true }, visible },
    required: { text: 0 },
    inBranches: BRANCHES,
  },
  TextSubheading: {
    since: 0,
    props: { text: { kind: 'string', max: 80, notBlank: true }, visible },
    required: { text: 0 },
    inBranches: BRANCHES,
  },
  TextBody: { since: 0, props: textProps(4096), required: { text: 0 }, inBranches: BRANCHES },
  TextCaption: { since: 0, props: textProps(409), required: { text: 0 }, inBranches: BRANCHES },
  RichText: { since: V51, props: { text: { kind: 'text' }, visible }, required: { text: 0 } },
  TextInput: {
    since: 0,
    input: true,
    props: {
      ...textEntry,
      'input-type': {
        kind: 'enum',
        values: ['text', 'number', 'email', 'password', 'passcode', 'phone'],
      },
      pattern: { kind: 'string', since: 6.2 },
      'min-chars': { kind: 'integer', min: 0 },
      'max-chars': { kind: 'integer', min: 1 },
    },
    required: { name: 0, label: 0 },
    inBranches: BRANCHES,
  },
  TextArea: {
    since: 0,
    input: true,
    props: { ...textEntry, 'max-length': { kind: 'integer', min: 1 } },
    required: { name: 0, label: 0 },
    inBranches: BRANCHES,
  },
  CheckboxGroup: {
    since: 0,
    input: true,
    props: {
      ...selection(30, [1, 20]),
      description: str(300, V4),
      'min-selected-items': { kind: 'integer', min: 0 },
      'max-selected-items': { kind: 'integer', min: 1 },
      'media-size': { kind: 'enum', values: ['regular', 'large'], since: V5 },
      'init-value': initValue({ kind: 'strings' }),
    },
    required: { name: 0, 'data-source': 0, label: V4 },
    inBranches: BRANCHES,
  },
  RadioButtonsGroup: {
    since: 0,
    input: true,
    props: {
      ...selection(30, [1, 20]),
      description: str(300, V4),
      'media-size': { kind: 'enum', values: ['regular', 'large'], since: V5 },
      'init-value': initValue(str()),
    },
    required: { name: 0, 'data-source': 0, label: V4 },
    inBranches: BRANCHES,
  },
  Dropdown: {
    since: 0,
    input: true,
    props: { ...selection(20, [1, 200]), 'init-value': initValue(str()) },
    required: { name: 0, label: 0, 'data-source': 0 },
    inBranches: BRANCHES,
  },
  ChipsSelector: {
    since: 6.3,
    input: true,
    props: {
      name: str(),
      label: str(80),
      'data-source': { kind: 'options', items: [2, 20], fields: chipFields },
      description: str(300),
      'min-selected-items': { kind: 'integer', min: 0 },
      'max-selected-items': { kind: 'integer', min: 1 },
      required: bool,
      enabled: bool,
      visible,
      'init-value': initValue({ kind: 'strings' }),
      'error-message': errorMessage(),
      'on-select-action': action({ data_exchange: 0, update_data: 7.1 }),
      'on-unselect-action': action(updateData, 7.1),
    },
    required: { name: 0, label: 0, 'data-source': 0 },
    inBranches: 7.1,
  },
  DatePicker: {
    since: 0,
    input: true,
    props: {
      name: str(),
      label: str(40),
      'min-date': str(),
      'max-date': str(),
      'unavailable-dates': { kind: 'strings' },
      'helper-text': str(80),
      required: bool,
      enabled: bool,
      visible,
      'on-select-action': action({ data_exchange: 0 }),
      'init-value': initValue(str()),
      'error-message': errorMessage(80),
    },
    required: { name: 0, label: 0 },
    inBranches: BRANCHES,
  },
  CalendarPicker: {
    since: 6.1,
    input: true,
    props: {
      name: str(),
      label: { kind: 'range', of: 'string' },
      title: str(80),
      description: str(300),
      mode: { kind: 'enum', values: ['single', 'range'] },
      'min-date': str(),
      'max-date': str(),
      'unavailable-dates': { kind: 'strings' },
      'include-days': { kind: 'enums', values: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] },
      'min-days': { kind: 'integer', min: 0 },
      'max-days': { kind: 'integer', min: 1 },
      'helper-text': { kind: 'range', of: 'string' },
      required: { kind: 'range', of: 'boolean' },
      enabled: bool,
      visible,
      'on-select-action': action({ data_exchange: 0 }),
      'init-value': { kind: 'range', of: 'string', outsideFormOnly: true },
      'error-message': { kind: 'range', of: 'string', outsideFormOnly: true },
    },
    required: { name: 0, label: 0 },
  },
  OptIn: {
    since: 0,
    input: true,
    props: {
      name: str(),
      label: str(120),
      required: bool,
      visible,
      'on-click-action': action({ navigate: 0, data_exchange: 0, open_url: V6 }),
      'on-select-action': action(updateData, V6),
      'on-unselect-action': action(updateData, V6),
      'init-value': initValue(bool),
    },
    required: { name: 0, label: 0 },
    perScreen: 5,
    inBranches: BRANCHES,
  },
  EmbeddedLink: {
    since: 0,
    // Meta's table says 25 characters, its own sign-in template uses 30: pywa's 35 it is.
    props: {
      text: { kind: 'string', max: 35, notBlank: true },
      'on-click-action': action({ navigate: 0, data_exchange: 0, open_url: V6 }),
      visible,
    },
    required: { text: 0, 'on-click-action': 0 },
    perScreen: 2,
    inBranches: BRANCHES,
  },
  Footer: {
    since: 0,
    props: {
      label: str(35),
      'on-click-action': action({ navigate: 0, data_exchange: 0, complete: 0 }),
      'left-caption': str(15),
      'right-caption': str(15),
      'center-caption': str(15),
      enabled: bool,
    },
    required: { label: 0, 'on-click-action': 0 },
    perScreen: 1,
    inBranches: BRANCHES,
  },
  Image: {
    since: 0,
    props: {
      src: str(),
      width: { kind: 'integer', min: 1 },
      height: { kind: 'integer', min: 1 },
      'scale-type': { kind: 'enum', values: ['cover', 'contain'] },
      'aspect-ratio': { kind: 'number' },
      'alt-text': str(),
      visible,
    },
    required: { src: 0 },
    perScreen: 3,
    inBranches: BRANCHES,
  },
  ImageCarousel: {
    since: 7.1,
    props: {
      images: { kind: 'items', items: [1, 3] },
      'aspect-ratio': { kind: 'enum', values: ['4:3', '16:9'] },
      'scale-type': { kind: 'enum', values: ['contain', 'cover'] },
      visible,
    },
    required: { images: 0 },
    perScreen: 2,
  },
  PhotoPicker: {
    since: V4,
    input: true,
    props: {
      name: str(),
      label: str(80),
      description: str(300),
      'photo-source': { kind: 'enum', values: ['camera_gallery', 'camera', 'gallery'] },
      'max-file-size-kb': { kind: 'integer', min: 1, max: 25600 },
      'min-uploaded-photos': { kind: 'integer', min: 0, max: 30 },
      'max-uploaded-photos': { kind: 'integer', min: 1, max: 30 },
      enabled: bool,
      visible,
      'error-message': { kind: 'any' },
    },
    required: { name: 0, label: 0 },
    perScreen: 1,
  },
  DocumentPicker: {
    since: V4,
    input: true,
    props: {
      name: str(),
      label: str(80),
      description: str(300),
      'max-file-size-kb': { kind: 'integer', min: 1, max: 25600 },
      'min-uploaded-documents': { kind: 'integer', min: 0, max: 30 },
      'max-uploaded-documents': { kind: 'integer', min: 1, max: 30 },
      'allowed-mime-types': { kind: 'strings' },
      enabled: bool,
      visible,
      'error-message': { kind: 'any' },
    },
    required: { name: 0, label: 0 },
    perScreen: 1,
  },
  NavigationList: {
    since: 6.2,
    props: {
      name: str(),
      'list-items': { kind: 'items', items: [1, 20] },
      label: str(80),
      description: str(300),
      'media-size': { kind: 'enum', values: ['regular', 'large'] },
      'on-click-action': action({ navigate: 0, data_exchange: 0 }),
      visible,
    },
    required: { name: 0, 'list-items': 0 },
    perScreen: 2,
  },
  Form: {
    since: 0,
    props: {
      name: str(),
      children: { kind: 'children' },
      'init-values': { kind: 'object' },
      'error-messages': { kind: 'object' },
    },
    required: { name: 0, children: 0 },
  },
  If: {
    since: V4,
    props: {
      condition: { kind: 'string', notBlank: true },
      then: { kind: 'children' },
      else: { kind: 'children' },
    },
    required: { condition: 0, then: 0 },
    inBranches: V4,
  },
  Switch: {
    since: V4,
    props: { value: { kind: 'string', notBlank: true }, cases: { kind: 'cases' } },
    required: { value: 0, cases: 0 },
    inBranches: V4,
  },
};

/** Which actions each trigger of a NavigationList item may hold. */
export const LIST_ITEM_ACTIONS: ActionAllowance = { navigate: 0, data_exchange: 0 };
