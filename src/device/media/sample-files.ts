/** A file a user might pick, before WhatsApp's CDN encrypts it. */
export interface SampleFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/**
 * The smallest baseline JPEG: one 8×8 grey block, one Huffman code per table (DC category 0 and
 * end-of-block are each the single-bit code 0), as a camera's file decodes in any viewer.
 */
const JPEG = Buffer.from(
  [
    'ffd8',
    'ffe000104a46494600010100000100010000',
    `ffdb004300${'01'.repeat(64)}`,
    'ffc0000b080008000801011100',
    `ffc4001400${'01'}${'00'.repeat(15)}00`,
    `ffc4001410${'01'}${'00'.repeat(15)}00`,
    'ffda0008010100003f00',
    '3f',
    'ffd9',
  ].join(''),
  'hex',
);

/** A 1×1 grey PNG (chunks and CRCs as any decoder checks them). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** An empty ZIP archive: only its end-of-central-directory record. */
const ZIP = Buffer.concat([Buffer.from('504b0506', 'hex'), Buffer.alloc(18)]);

/** A one-page PDF with a correct cross-reference table, so that readers open it without repair. */
function pdf(title: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    streamObject(`BT /F1 12 Tf 20 50 Td (${title.replace(/[()\\]/g, '')}) Tj ET`),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const streamObject = (content: string) =>
  `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'text/plain': 'txt',
  'application/zip': 'zip',
};

/**
 * A small valid file of `mimeType` (PDF, JPEG, PNG, plain text, ZIP); any other type gets a few
 * bytes under its name, as the explorer cannot make every format. `n` numbers the file.
 */
export function sampleFile(mimeType: string, n: number): SampleFile {
  const extension =
    EXTENSIONS[mimeType] ?? mimeType.split('/')[1]?.replace(/[^a-z0-9]/gi, '') ?? 'bin';
  const stem = mimeType.startsWith('image/')
    ? `IMG_2026030${(n % 9) + 1}_${1000 + n}`
    : `file-${n}`;
  const fileName = `${stem}.${extension || 'bin'}`;
  const bytes =
    mimeType === 'application/pdf'
      ? pdf(`Receipt ${n}`)
      : mimeType === 'image/jpeg'
        ? JPEG
        : mimeType === 'image/png'
          ? PNG
          : mimeType === 'application/zip'
            ? ZIP
            : Buffer.from(`sample file ${n}\n`);
  return { fileName, mimeType, bytes };
}

/** The types the explorer makes real files of. */
export const SAMPLE_TYPES: readonly string[] = Object.keys(EXTENSIONS);
