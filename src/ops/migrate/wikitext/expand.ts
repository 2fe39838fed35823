/**
 * Template expansion without a live wiki, from the `Template:` pages of a dump: parameters
 * (`{{{1}}}`, `{{{name|default}}}`), nested templates, `<noinclude>` / `<includeonly>` /
 * `<onlyinclude>`, and the parser functions templates use most (`#if`, `#ifeq`, `#switch`,
 * `#tag`-free string functions, page-name variables). Anything else — Lua modules
 * (`#invoke`), `#expr`, a template the dump lacks — stays as written, so the converter keeps
 * it as a marked block with a warning, as it does when the live wiki cannot expand it.
 */
import { matchBraces, matchComment, matchTag, splitTop, splitTransclusion } from './scan.js';
import { templatePage } from './parse.js';
import type { SiteNames } from './title.js';

export interface ExpandContext {
  /** The page being expanded (`Talk:Foo`), for `{{PAGENAME}}` and friends. */
  readonly title: string;
  readonly site: SiteNames;
  readonly siteName?: string;
  /** Wikitext of a template page by full name (`Template:Box`), undefined when unknown. */
  template(name: string): string | undefined;
}

export interface ExpandResult {
  readonly text: string;
  /** Templates / functions that stayed as written, with the reason. */
  readonly warnings: readonly string[];
}

const MAX_DEPTH = 40;
/** Expansion output bigger than this (a template bomb) stops expanding further. */
const MAX_OUTPUT = 2_000_000;

type Frame = ReadonlyMap<string, string> | undefined;

export function expandTemplates(wikitext: string, context: ExpandContext): ExpandResult {
  const expander = new Expander(context);
  const text = expander.expand(wikitext, undefined, []);
  return { text, warnings: [...expander.warnings] };
}

/** A template page's text as transcluded: `<onlyinclude>` parts if any, without `<noinclude>` parts. */
export function transclusionText(source: string): string {
  let text = source;
  if (/<onlyinclude\s*>/i.test(text)) {
    const parts = [...text.matchAll(/<onlyinclude\s*>([\s\S]*?)(?:<\/onlyinclude\s*>|$)/gi)].map((m) => m[1] ?? '');
    text = parts.join('');
  }
  return text.replace(/<noinclude\s*>[\s\S]*?(?:<\/noinclude\s*>|$)/gi, '').replace(/<\/?includeonly\s*>/gi, '');
}

class Expander {
  readonly warnings = new Set<string>();
  private readonly context: ExpandContext;
  private output = 0;

  constructor(context: ExpandContext) {
    this.context = context;
  }

  expand(s: string, frame: Frame, stack: readonly string[]): string {
    let out = '';
    let pos = 0;
    let i = 0;
    const end = s.length;
    while (i < end) {
      const lt = s.indexOf('<', i);
      const br = s.indexOf('{{', i);
      const next = lt < 0 ? br : br < 0 ? lt : Math.min(lt, br);
      if (next < 0) break;
      i = next;
      if (s.charCodeAt(i) === 60) {
        if (s.startsWith('<!--', i)) {
          const c = matchComment(s, i, end);
          // A template's comments vanish when it is transcluded; the page's own stay.
          if (frame !== undefined) {
            out += s.slice(pos, i);
            pos = c.end;
          }
          i = c.end;
          continue;
        }
        const tag = matchTag(s, i, end);
        if (tag === undefined) {
          i++;
          continue;
        }
        if (tag.kind === 'ext' && (tag.name === 'ref' || tag.name === 'poem') && !tag.selfClosing) {
          out += s.slice(pos, tag.innerStart) + this.expand(s.slice(tag.innerStart, tag.innerEnd), frame, stack) + s.slice(tag.innerEnd, tag.end);
          pos = tag.end;
        }
        i = tag.end;
        continue;
      }
      const m = matchBraces(s, i, end);
      if (m === undefined) {
        i += 2;
        continue;
      }
      out += s.slice(pos, m.start);
      out += this.output > MAX_OUTPUT ? s.slice(m.start, m.end) : m.kind === 'arg' ? this.arg(s, m.start, m.end, frame, stack) : this.transclude(s, m.start, m.end, frame, stack);
      pos = m.end;
      i = m.end;
    }
    out += s.slice(pos);
    return out;
  }

  private arg(s: string, start: number, end: number, frame: Frame, stack: readonly string[]): string {
    if (frame === undefined) return s.slice(start, end);
    const [namePart, defaultPart] = splitTop(s, start + 3, end - 3, 124, 1);
    const name = this.expand(s.slice(...(namePart ?? [start + 3, end - 3])), frame, stack).trim();
    const value = frame.get(name);
    if (value !== undefined) return value;
    if (defaultPart !== undefined) return this.expand(s.slice(...defaultPart), frame, stack);
    return `{{{${name}}}}`;
  }

  private transclude(s: string, start: number, end: number, frame: Frame, stack: readonly string[]): string {
    const raw = s.slice(start, end);
    const t = splitTransclusion(s, start, end);
    const part = (index: number): string => {
      const range = t.parts[index];
      return range === undefined ? '' : this.expand(s.slice(...range), frame, stack);
    };
    if (t.kind === 'magic-word') {
      const result = this.magic(t.written, t.parts.length, part, (index) => t.parts[index] === undefined ? undefined : s.slice(...(t.parts[index] ?? [0, 0])), frame, stack);
      if (result !== undefined) {
        this.output += result.length;
        return result;
      }
      if (frame === undefined) return raw;
      // Unknown function inside a template: keep it, with this call's parameters filled in.
      return `{{${t.written}:${t.parts.map((_, index) => part(index)).join('|')}}}`;
    }
    const written = frame === undefined ? t.written : this.expand(t.written, frame, stack).trim();
    if (written === '' || /[{}[\]<>|]/.test(written)) return raw;
    const name = templatePage(written, this.context.site);
    const body = this.context.template(name);
    if (body === undefined) {
      this.warnings.add(`${name} is not in the dump`);
      return frame === undefined ? raw : `{{${written}${t.parts.map((_, index) => `|${part(index)}`).join('')}}}`;
    }
    if (stack.includes(name) || stack.length >= MAX_DEPTH) {
      this.warnings.add(`${name}: template loop or nesting deeper than ${MAX_DEPTH}`);
      return raw;
    }
    const args = new Map<string, string>();
    let position = 0;
    t.parts.forEach(([a, b]) => {
      const eq = splitTop(s, a, b, 61, 1);
      const nameRange = eq[0];
      const valueRange = eq[1];
      if (eq.length > 1 && nameRange !== undefined && valueRange !== undefined) {
        args.set(this.expand(s.slice(...nameRange), frame, stack).trim(), this.expand(s.slice(...valueRange), frame, stack).trim());
      } else {
        position += 1;
        args.set(String(position), this.expand(s.slice(a, b), frame, stack));
      }
    });
    const result = this.expand(transclusionText(body), args, [...stack, name]);
    this.output += result.length;
    return result;
  }

  /** A parser function or variable; undefined when not one we evaluate. */
  private magic(
    written: string,
    count: number,
    part: (index: number) => string,
    rawPart: (index: number) => string | undefined,
    frame: Frame,
    stack: readonly string[],
  ): string | undefined {
    const name = written.toLowerCase();
    const title = this.context.title;
    const colon = title.indexOf(':');
    const ns = colon > 0 && this.context.site.byName.has(title.slice(0, colon).toLowerCase()) ? title.slice(0, colon) : '';
    const pageName = ns === '' ? title : title.slice(colon + 1);
    switch (name) {
      case '#if':
        return (part(0).trim() !== '' ? part(1) : part(2)).trim();
      case '#ifeq': {
        const a = part(0).trim();
        const b = part(1).trim();
        const same = a === b || (a !== '' && b !== '' && !Number.isNaN(Number(a)) && !Number.isNaN(Number(b)) && Number(a) === Number(b));
        return (same ? part(2) : part(3)).trim();
      }
      case '#switch':
        return this.switchCase(part(0).trim(), count, rawPart, frame, stack);
      case 'pagename':
        return count === 0 ? pageName : undefined;
      case 'fullpagename':
        return count === 0 ? title : undefined;
      case 'basepagename':
        return count === 0 ? pageName.replace(/\/[^/]*$/, '') : undefined;
      case 'subpagename':
        return count === 0 ? pageName.slice(pageName.lastIndexOf('/') + 1) : undefined;
      case 'namespace':
        return count === 0 ? ns : undefined;
      case 'sitename':
        return count === 0 ? this.context.siteName : undefined;
      case '!':
        return '|';
      case '=':
        return '=';
      case 'lc':
        return part(0).trim().toLowerCase();
      case 'uc':
        return part(0).trim().toUpperCase();
      case 'lcfirst': {
        const v = part(0).trim();
        return v.charAt(0).toLowerCase() + v.slice(1);
      }
      case 'ucfirst': {
        const v = part(0).trim();
        return v.charAt(0).toUpperCase() + v.slice(1);
      }
      case 'urlencode':
        return encodeURIComponent(part(0).trim()).replace(/%20/g, '+');
      case 'anchorencode':
        return part(0).trim().replace(/ /g, '_');
      default:
        return undefined;
    }
  }

  private switchCase(value: string, count: number, rawPart: (index: number) => string | undefined, frame: Frame, stack: readonly string[]): string {
    let matched = false;
    let fallback: string | undefined;
    for (let index = 1; index < count; index++) {
      const raw = rawPart(index) ?? '';
      const eq = splitTop(raw, 0, raw.length, 61, 1);
      const keyRange = eq[0];
      const valueRange = eq[1];
      if (eq.length < 2 || keyRange === undefined || valueRange === undefined) {
        const key = this.expand(raw, frame, stack).trim();
        // A last part without `=` is the default; earlier ones fall through to the next value.
        if (index === count - 1) return matched ? '' : key;
        if (key === value) matched = true;
        continue;
      }
      const key = this.expand(raw.slice(...keyRange), frame, stack).trim();
      if (matched || key === value || (key !== '' && value !== '' && !Number.isNaN(Number(key)) && Number(key) === Number(value))) {
        return this.expand(raw.slice(...valueRange), frame, stack).trim();
      }
      if (key === '#default') fallback = raw.slice(...valueRange);
    }
    return fallback === undefined ? '' : this.expand(fallback, frame, stack).trim();
  }
}
