import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { documentationFiles, headingAnchors, linkTargets, ROOT } from './markdown';

/** Why a relative link of `file` does not resolve, or undefined when it does. */
function brokenLink(file: string, target: string): string | undefined {
  const [path, anchor] = target.split('#', 2) as [string, string | undefined];
  const resolved = path === '' ? join(ROOT, file) : join(ROOT, dirname(file), decodeURI(path));
  if (!existsSync(resolved)) return `${file}: ${target}: no file ${relative(ROOT, resolved)}`;
  if (anchor === undefined) return undefined;
  if (!resolved.endsWith('.md'))
    return `${file}: ${target}: an anchor into a file that is not markdown`;
  const anchors = headingAnchors(readFileSync(resolved, 'utf8'));
  return anchors.has(anchor) ? undefined : `${file}: ${target}: no heading #${anchor}`;
}

describe('the README and docs/', () => {
  it('when every relative link and anchor is followed, then each reaches a file and a heading', () => {
    const broken: string[] = [];
    let followed = 0;
    for (const file of documentationFiles()) {
      for (const target of linkTargets(readFileSync(join(ROOT, file), 'utf8'))) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue;
        followed += 1;
        const problem = brokenLink(file, target);
        if (problem !== undefined) broken.push(problem);
      }
    }
    expect(broken).toEqual([]);
    expect(followed).toBeGreaterThan(20);
  });

  it('when the README is read, then the path from init to completions is in its first 150 lines', () => {
    const head = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').slice(0, 150).join('\n');
    const steps = [
      'init',
      'new',
      'validate',
      'playground',
      'deploy',
      'send',
      'reply',
      'completions',
    ];
    // Each step after the one before it.
    let from = 0;
    const missing: string[] = [];
    for (const step of steps) {
      const at = head.slice(from).search(new RegExp(`flows-endpoint ${step}\\b|/${step}/`));
      if (at < 0) missing.push(step);
      else from += at;
    }
    expect(missing).toEqual([]);
  });

  it('when a heading is linked to, then its anchor is worked out as GitHub does', () => {
    expect([
      ...headingAnchors('## Media: PhotoPicker and DocumentPicker\n### deploy/\n## A\n## A'),
    ]).toEqual(['media-photopicker-and-documentpicker', 'deploy', 'a', 'a-1']);
  });
});
