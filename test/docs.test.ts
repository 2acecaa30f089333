import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const docsPages = readdirSync(join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);
const examplePages = ['examples/README.md', 'examples/testcontainers/README.md'];
const pages = ['README.md', ...docsPages, ...examplePages, 'migrations/README.md'];

/** Markdown outside fenced code blocks and inline code: what a reader sees as text and links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link targets, images included: [text](target) and ![alt](target). */
function links(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
}

/** Heading anchors as GitHub makes them (lower case, punctuation dropped, spaces to hyphens, -1 for repeats). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = (m[1] as string)
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

describe('The README fits on a few screens and leads to every docs page', () => {
  it('the README has at most 300 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(300);
  });

  it('every page in docs/ is linked from the README', () => {
    const linked = new Set(links(read('README.md')).map((l) => l.split('#')[0]));
    expect(docsPages.filter((page) => !linked.has(page))).toEqual([]);
  });
});

describe('Every relative link in the README, docs/ and the examples leads somewhere', () => {
  for (const page of pages) {
    it(`${page}: files exist, and anchors name a heading of their page`, () => {
      const broken: string[] = [];
      for (const link of links(read(page))) {
        if (/^[a-z][a-z+.-]*:/i.test(link)) continue; // https:, mailto:
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path === '' ? join(root, page) : join(root, dirname(page), decodeURIComponent(path));
        if (!existsSync(target)) {
          broken.push(`${link}: no ${relative(root, target)}`);
          continue;
        }
        if (anchor === undefined) continue;
        if (!target.endsWith('.md') || statSync(target).isDirectory()) {
          broken.push(`${link}: an anchor into a file that is not Markdown`);
        } else if (!anchors(readFileSync(target, 'utf8')).has(anchor)) {
          broken.push(`${link}: no heading #${anchor} in ${relative(root, target)}`);
        }
      }
      expect(broken).toEqual([]);
    });
  }

  it('the anchor rule is GitHub’s', () => {
    expect([
      ...anchors(
        '# Web portal for trainees and demos (`/portal`)\n## Mailbox: search, read\n## Mailbox: search, read',
      ),
    ]).toEqual(['web-portal-for-trainees-and-demos-portal', 'mailbox-search-read', 'mailbox-search-read-1']);
  });
});
