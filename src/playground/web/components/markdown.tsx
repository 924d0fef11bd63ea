import type { ComponentChildren } from 'preact';

/** Inline markdown: **bold**, *italic*, ~~strike~~ and [links](url) (shown, not followed). */
export function inline(text: string): ComponentChildren[] {
  const parts: ComponentChildren[] = [];
  const pattern = /\*\*(.+?)\*\*|~~(.+?)~~|\*(.+?)\*|_(.+?)_|\[([^\]]+)\]\(([^)]+)\)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    if (match[1] !== undefined) parts.push(<strong>{inline(match[1])}</strong>);
    else if (match[2] !== undefined) parts.push(<s>{inline(match[2])}</s>);
    else if (match[3] !== undefined || match[4] !== undefined) {
      parts.push(<em>{inline(match[3] ?? match[4] ?? '')}</em>);
    } else {
      parts.push(
        <a href={match[6]} title={`Opens ${match[6] ?? ''}`} onClick={(e) => e.preventDefault()}>
          {match[5]}
        </a>,
      );
    }
    last = index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

const cells = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());

/**
 * Block markdown for RichText (headings, lists, tables, inline data: images) and, without
 * headings, tables and images, for TextBody / TextCaption with `markdown: true`.
 */
export function blocks(text: string, rich: boolean): ComponentChildren[] {
  const lines = text.split('\n');
  const out: ComponentChildren[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (rich && heading) {
      const level = heading[1]?.length ?? 1;
      const content = inline(heading[2] ?? '');
      out.push(
        level === 1 ? (
          <h2 class="wa-heading">{content}</h2>
        ) : level === 2 ? (
          <h3 class="wa-subheading">{content}</h3>
        ) : (
          <p class="wa-body">{content}</p>
        ),
      );
      i += 1;
    } else if (/^\s*[-+]\s+/.test(line) || /^\s*\d+\.\s+/.test(line)) {
      const ordered = /^\s*\d+\.\s+/.test(line);
      const items: string[] = [];
      while (i < lines.length && (ordered ? /^\s*\d+\.\s+/ : /^\s*[-+]\s+/).test(lines[i] ?? '')) {
        items.push((lines[i] ?? '').replace(/^\s*(?:[-+]|\d+\.)\s+/, ''));
        i += 1;
      }
      const list = items.map((item) => <li>{inline(item)}</li>);
      out.push(ordered ? <ol>{list}</ol> : <ul>{list}</ul>);
    } else if (rich && line.includes('|') && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) {
      const header = cells(line);
      i += 2;
      const rows: string[][] = [];
      while (i < lines.length && (lines[i] ?? '').includes('|')) {
        rows.push(cells(lines[i] ?? ''));
        i += 1;
      }
      out.push(
        <table class="wa-table">
          <thead>
            <tr>
              {header.map((cell) => (
                <th scope="col">{inline(cell)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                {row.map((cell) => (
                  <td>{inline(cell)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>,
      );
    } else if (rich && /^!\[([^\]]*)\]\((data:image\/[^)]+)\)$/.test(line.trim())) {
      const image = /^!\[([^\]]*)\]\((data:image\/[^)]+)\)$/.exec(line.trim());
      out.push(<img class="wa-inline-image" alt={image?.[1] ?? ''} src={image?.[2]} />);
      i += 1;
    } else if (line.trim() === '') {
      i += 1;
    } else {
      out.push(<p class="wa-body">{inline(line)}</p>);
      i += 1;
    }
  }
  return out;
}
