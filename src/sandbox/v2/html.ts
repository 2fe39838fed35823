import { escapeHtml } from '../http/io.js';
import { can, findPageByPath, pageRef, pageTags, type V2Context } from './context.js';

/**
 * A plain, readable HTML view at the real server's page URLs (`/`, `/<locale>/<path>`).
 * The real server renders its Vue client here; the sandbox serves static HTML instead.
 */
const STYLE = 'body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}'
  + 'a{color:#1565c0}.tags span{background:#e3f2fd;border-radius:4px;padding:0 .4rem;margin-right:.3rem;font-size:.85em}'
  + 'header{border-bottom:1px solid #ddd;margin-bottom:1rem}.toc-anchor{display:none}pre{background:#f5f5f5;padding:.5rem;overflow:auto}';

function layout(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`
    + `<body><header><a href="/">Wiki.js sandbox</a></header>${body}</body></html>`;
}

export function homeView(ctx: V2Context): string {
  const pages = [...ctx.svc.data.t.pages.values()]
    .filter((p) => can(ctx, ['read:pages'], pageRef(ctx.svc, p)))
    .sort((a, b) => a.localeCode.localeCompare(b.localeCode) || a.path.localeCompare(b.path));
  const items = pages.map((p) => {
    const tags = pageTags(ctx.svc, p).map((t) => `<span>${escapeHtml(t.tag)}</span>`).join('');
    return `<li><a href="/${escapeHtml(p.localeCode)}/${escapeHtml(p.path)}">${escapeHtml(p.title)}</a> <small>${escapeHtml(p.path)}</small> <span class="tags">${tags}</span></li>`;
  }).join('\n');
  const allTags = [...new Set(pages.flatMap((p) => pageTags(ctx.svc, p).map((t) => t.tag)))].sort();
  return layout('Pages', `<h1>Pages</h1><ul id="pages">${items}</ul><h2>Tags</h2><p class="tags">${allTags.map((t) => `<span>${escapeHtml(t)}</span>`).join('')}</p>`);
}

export type PageView = { status: 200 | 403 | 404; html: string };

const LOCALE = /^[a-z]{2}(-[a-z]{2})?$/i;

export function pageView(ctx: V2Context, urlPath: string): PageView {
  const segs = decodeURIComponent(urlPath).replace(/^\/+|\/+$/g, '').split('/');
  let locale = 'en';
  if (segs.length > 1 && LOCALE.test(segs[0] ?? '')) locale = segs.shift() ?? 'en';
  const path = segs.join('/');
  const page = findPageByPath(ctx.svc, locale, path);
  if (page === undefined) return { status: 404, html: layout('Not found', `<h1>This page does not exist yet.</h1><p>${escapeHtml(`${locale}/${path}`)}</p>`) };
  if (!can(ctx, ['read:pages'], pageRef(ctx.svc, page))) return { status: 403, html: layout('Forbidden', '<h1>Unauthorized</h1>') };
  const tags = pageTags(ctx.svc, page).map((t) => `<span>${escapeHtml(t.tag)}</span>`).join('');
  return {
    status: 200,
    html: layout(page.title, `<article><h1 class="page-title">${escapeHtml(page.title)}</h1><p><em>${escapeHtml(page.description)}</em></p>`
      + `<p class="tags">${tags}</p><div class="page-content">${page.render}</div>`
      + `<footer><small>Last edited ${escapeHtml(page.updatedAt)}</small></footer></article>`),
  };
}
