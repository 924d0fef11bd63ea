import { useState } from 'preact/hooks';
import { type Component } from '../flow-types';
import { isRecord } from '../../../util/is-record';
import { describedBy, Field } from './field';
import { fieldId, flag, imageSource, text } from './props';
import type { RenderContext } from './render-context';

interface Props {
  component: Component;
  ctx: RenderContext;
}

export function Image({ component }: Props) {
  const src = text(component, 'src');
  const width = Number(text(component, 'width')) || undefined;
  const height = Number(text(component, 'height')) || undefined;
  const scale = text(component, 'scale-type') || 'contain';
  return (
    <img
      class="wa-image"
      src={imageSource(src)}
      alt={text(component, 'alt-text')}
      width={width}
      height={height}
      style={`object-fit:${scale === 'cover' ? 'cover' : 'contain'}`}
    />
  );
}

export function ImageCarousel({ component }: Props) {
  const [index, setIndex] = useState(0);
  const images = component.images;
  const list = Array.isArray(images) ? images.filter(isRecord) : [];
  const current = list[Math.min(index, list.length - 1)];
  const ratio = text(component, 'aspect-ratio') === '16:9' ? '16 / 9' : '4 / 3';
  if (!current) return null;
  return (
    <div class="wa-carousel" role="group" aria-roledescription="carousel" aria-label="Images">
      <img
        class="wa-image"
        style={`aspect-ratio:${ratio};object-fit:${text(component, 'scale-type') === 'cover' ? 'cover' : 'contain'}`}
        src={imageSource(String(current.src ?? ''))}
        alt={String(current['alt-text'] ?? '')}
      />
      {list.length > 1 && (
        <div class="wa-carousel-controls">
          <button
            type="button"
            aria-label="Previous image"
            disabled={index === 0}
            onClick={() => setIndex(index - 1)}
          >
            ‹
          </button>
          <span aria-live="polite">
            {index + 1} / {list.length}
          </span>
          <button
            type="button"
            aria-label="Next image"
            disabled={index >= list.length - 1}
            onClick={() => setIndex(index + 1)}
          >
            ›
          </button>
        </div>
      )}
    </div>
  );
}

/** PhotoPicker and DocumentPicker: local files, uploaded as WhatsApp's CDN holds them. */
export function MediaPicker({ component, ctx }: Props) {
  const id = fieldId(component);
  const [failure, setFailure] = useState<string | undefined>();
  const name = String(component.name);
  const photos = component.type === 'PhotoPicker';
  const max = Number(
    text(component, photos ? 'max-uploaded-photos' : 'max-uploaded-documents') || 30,
  );
  const maxKb = Number(text(component, 'max-file-size-kb') || 25600);
  const mimeTypes = component['allowed-mime-types'];
  const accept = photos ? 'image/*' : Array.isArray(mimeTypes) ? mimeTypes.join(',') : undefined;
  const value = ctx.form[name];
  const picked = Array.isArray(value) ? value.filter(isRecord) : [];
  const description = text(component, 'description') || undefined;
  const error = ctx.errors[name] ?? failure;
  const onChange = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    setFailure(undefined);
    const room = max - picked.length;
    const tooBig = files.find((file) => file.size > maxKb * 1024);
    if (tooBig) {
      setFailure(`${tooBig.name} is larger than ${maxKb} KB`);
      return;
    }
    try {
      const uploaded = await Promise.all(files.slice(0, room).map((file) => ctx.uploadMedia(file)));
      ctx.setValue(name, [...picked, ...uploaded]);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Field id={id} label={text(component, 'label')} helper={description} error={error}>
      <input
        id={id}
        class="wa-file"
        type="file"
        name={name}
        accept={accept}
        multiple={max > 1}
        disabled={!flag(component, 'enabled', true) || ctx.busy || picked.length >= max}
        aria-describedby={describedBy(id, error, description)}
        onChange={(event) => void onChange(event)}
      />
      {picked.length > 0 && (
        <ul class="wa-picked" aria-label={`${picked.length} picked`}>
          {picked.map((file, index) => (
            <li>
              {String(file.file_name ?? 'file')}
              <button
                type="button"
                class="wa-link"
                aria-label={`Remove ${String(file.file_name ?? 'file')}`}
                onClick={() =>
                  ctx.setValue(
                    name,
                    picked.filter((_, i) => i !== index),
                  )
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </Field>
  );
}
