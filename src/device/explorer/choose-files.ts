import type { RenderedComponent } from '../screen-model/render-screen';
import { sampleFile, SAMPLE_TYPES, type SampleFile } from '../media/sample-files';
import type { Random } from './random';

/** A picker allows at most 30 files, whatever it declares. */
const MAX_FILES = 30;
/** Valid choices stay small: a few files are what users pick and keep journeys fast. */
const USUAL_FILES = 3;
/** Types a DocumentPicker that names none still lets through, which a handler may not expect. */
const UNEXPECTED_TYPES = ['text/plain', 'application/zip'];

/**
 * Files for a PhotoPicker or DocumentPicker, as the device lets a user pick them: between the
 * declared minimum and maximum, of an allowed type (photos are JPEG or PNG). With `invalid`, the
 * edge the device still sends: as many files as allowed, and for a DocumentPicker naming no types,
 * a type a handler may refuse. Undefined when the declaration allows no choice at all.
 */
export function chooseFiles(
  input: RenderedComponent,
  random: Random,
  invalid: boolean,
  /** Numbers files across a journey, for their names. */
  firstNumber: number,
): SampleFile[] | undefined {
  const props = input.props;
  const photo = input.type === 'PhotoPicker';
  const noun = photo ? 'photos' : 'documents';
  const min = clamp(props[`min-uploaded-${noun}`], 0, 0, MAX_FILES);
  const max = clamp(props[`max-uploaded-${noun}`], MAX_FILES, 1, MAX_FILES);
  if (max < min) return undefined;
  const count = invalid ? max : random.int(min, Math.min(max, Math.max(min, USUAL_FILES)));
  const declared = Array.isArray(props['allowed-mime-types'])
    ? props['allowed-mime-types'].filter((type): type is string => typeof type === 'string')
    : [];
  const makeable = declared.filter((type) => SAMPLE_TYPES.includes(type));
  const types = photo
    ? ['image/jpeg', 'image/png']
    : declared.length > 0
      ? makeable.length > 0
        ? makeable
        : declared
      : invalid
        ? UNEXPECTED_TYPES
        : ['application/pdf'];
  return Array.from({ length: count }, (_, i) =>
    sampleFile(random.pick(types) ?? 'application/pdf', firstNumber + i),
  );
}

function clamp(value: unknown, fallback: number, low: number, high: number): number {
  const n = typeof value === 'number' && Number.isInteger(value) ? value : fallback;
  return Math.min(high, Math.max(low, n));
}
