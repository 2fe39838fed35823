import MarkdownIt from 'markdown-it';
import type { TocItem } from './records.js';

/**
 * Markdown → HTML the way Wiki.js 2's `markdown-core` + `html-core` renderers shape it:
 * headers get a slug id, `toc-header` and a `¶` anchor; internal links get
 * `is-internal-link is-valid-page|is-invalid-page`, external ones `is-external-link`.
 */
export interface RenderResult {
  html: string;
  toc: TocItem[];
  /** Internal page links as `locale/path`. */
  links: string[];
}

const md = new MarkdownIt({ html: true, linkify: true, breaks: true, typographer: false });

const RESERVED = /^\/(a|e|g|h|i|s|t|u|login|logout|register|verify|graphql|_assets|_userav)(\/|$)/i;

/** uslug-like: lower case, letters/digits kept, whitespace → '-'. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function renderMarkdown(
  content: string,
  page: { path: string; locale: string },
  pageExists: (locale: string, path: string) => boolean,
): RenderResult {
  const env = {};
  const tokens = md.parse(content, env);
  const reserved = new Set<string>();
  const headings: Array<{ level: number; title: string; anchor: string }> = [];
  const links: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok?.type === 'heading_open') {
      const inline = tokens[i + 1];
      const title = (inline?.children ?? []).filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('').trim();
      let slug = tok.attrGet('id') ?? slugify(title);
      if (/^\d/.test(slug)) slug = `h-${slug}`;
      while (reserved.has(slug)) slug += '-1';
      reserved.add(slug);
      tok.attrSet('id', slug);
      tok.attrJoin('class', 'toc-header');
      tok.meta = { anchor: slug };
      headings.push({ level: Number(tok.tag.slice(1)), title, anchor: `#${slug}` });
    }
    for (const child of tok?.children ?? []) {
      if (child.type !== 'link_open') continue;
      let href = child.attrGet('href') ?? '';
      if (href === '' || href.startsWith('#') || href.startsWith('mailto:') || href.startsWith('tel:')) continue;
      if (href.includes('://')) {
        child.attrJoin('class', 'is-external-link');
        continue;
      }
      if (href.endsWith('/')) href = href.slice(0, -1);
      if (RESERVED.test(href)) child.attrJoin('class', 'is-system-link');
      else if (href.includes('.')) child.attrJoin('class', 'is-asset-link');
      else {
        if (!href.startsWith('/')) href = page.path === 'home' ? `/${href}` : `/${page.path}/${href}`;
        const target = href.slice(1).split('#')[0] ?? '';
        links.push(`${page.locale}/${target}`);
        child.attrJoin('class', `is-internal-link ${pageExists(page.locale, target) ? 'is-valid-page' : 'is-invalid-page'}`);
      }
      child.attrSet('href', href);
    }
  }
  const renderer = md.renderer;
  const html = renderer.render(tokens, md.options, env).replace(
    /(<h[1-6][^>]*\bid="([^"]*)"[^>]*>)/g,
    (_m, open: string, id: string) => `${open}<a class="toc-anchor" href="#${escapeAttr(id)}">¶</a> `,
  );
  return { html, toc: buildToc(headings), links: [...new Set(links)] };
}

/** render-page job: h1-rooted when the page has an h1, else h2-rooted; h6 is left out. */
function buildToc(headings: ReadonlyArray<{ level: number; title: string; anchor: string }>): TocItem[] {
  const strict = headings.some((h) => h.level === 1);
  const root: TocItem[] = [];
  for (const h of headings) {
    if (h.level > 5) continue;
    const depth = h.level - (strict ? 1 : 2);
    if (depth < 0) continue;
    let list = root;
    let broken = false;
    for (let d = 0; d < depth; d++) {
      const last = list[list.length - 1];
      if (last === undefined) {
        broken = true;
        break;
      }
      list = last.children;
    }
    if (!broken) list.push({ title: h.title, anchor: h.anchor, children: [] });
  }
  return root;
}

/** Node's util.inspect-like rendering graphql-js uses in "String cannot represent value: …". */
export function inspectValue(v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.map(inspectValue).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, x]) => `${k}: ${inspectValue(x)}`).join(', ')} }`;
  }
  return JSON.stringify(v) ?? String(v);
}
