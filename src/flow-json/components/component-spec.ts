/** Which actions a property may hold, each from the Flow JSON version that allowed it. */
export type ActionAllowance = Readonly<Record<string, number>>;

/** What one property of a component may hold. A `${…}` or backtick string fits any kind but `children`. */
export type PropSpec = Readonly<
  | { kind: 'string'; max?: number; notBlank?: boolean }
  /** TextBody, TextCaption, RichText: one paragraph, or (with markdown) several. */
  | { kind: 'text'; max?: number }
  | { kind: 'boolean' }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'number' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'enums'; values: readonly string[] }
  | { kind: 'strings' }
  /** A list of `{id, title, …}` options (or a `${data.x}` that holds one). */
  | { kind: 'options'; items: readonly [number, number]; fields: OptionFields }
  | { kind: 'items'; items: readonly [number, number] }
  | { kind: 'action'; actions: ActionAllowance }
  /** CalendarPicker in range mode takes `{"start-date": …, "end-date": …}` instead. */
  | { kind: 'range'; of: 'string' | 'boolean' }
  | { kind: 'object' }
  | { kind: 'children' }
  | { kind: 'cases' }
  | { kind: 'any' }
> & {
  /** The Flow JSON version that introduced it (absent: every version). */
  since?: number;
  /** init-value and error-message: inside a Form the Form's init-values / error-messages say it. */
  outsideFormOnly?: boolean;
};

export type OptionFields = Readonly<Record<string, PropSpec>>;

/** One component of Meta's reference, as data: adding Meta's next component is one entry. */
export interface ComponentSpec {
  since: number;
  props: Readonly<Record<string, PropSpec>>;
  /** Required properties; a number is the version from which it became required. */
  required: Readonly<Record<string, number>>;
  /** Holds a value the user enters, under its `name`. */
  input?: boolean;
  /** At most this many on one screen (counting what can render at once). */
  perScreen?: number;
  /** May sit in an If branch / a Switch case, from that version (absent: never). */
  inBranches?: number;
}
