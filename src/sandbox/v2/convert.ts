import type TurndownService from 'turndown';

/**
 * pages.convertPage's content conversion (server/models/pages.js, 2.5): Markdown → HTML
 * reuses the rendered HTML minus the header anchors; HTML → Markdown runs Turndown with the
 * real server's options and extra rules (the GFM plugin's table/strikethrough rules are not
 * applied here).
 */

/** WIKI.data.editors → contentType; an unknown editor key converts to `text`. */
export function editorContentType(editor: string): string {
  switch (editor) {
    case 'markdown': return 'markdown';
    case 'ckeditor': case 'code': case 'wysiwyg': case 'api': return 'html';
    case 'asciidoc': return 'asciidoc';
    default: return 'text';
  }
}

let turndown: TurndownService | undefined;

async function htmlToMarkdownService(): Promise<TurndownService> {
  if (turndown !== undefined) return turndown;
  // Loaded on first use: Turndown and its DOM cost start-up time most sandboxes never need.
  const { default: Turndown } = await import('turndown');
  const td = new Turndown({
    bulletListMarker: '-', codeBlockStyle: 'fenced', emDelimiter: '*', fence: '```', headingStyle: 'atx', hr: '---',
    linkStyle: 'inlined', preformattedCode: true, strongDelimiter: '**',
  });
  td.keep(['kbd']);
  td.addRule('subscript', { filter: ['sub'], replacement: (c) => `~${c}~` });
  td.addRule('superscript', { filter: ['sup'], replacement: (c) => `^${c}^` });
  td.addRule('underline', { filter: ['u'], replacement: (c) => `_${c}_` });
  td.addRule('taskList', {
    filter: (n) => n.nodeName === 'INPUT' && n.getAttribute('type') === 'checkbox',
    replacement: (_c, n) => (n.getAttribute('checked') !== null ? '[x] ' : '[ ] '),
  });
  td.addRule('removeTocAnchors', { filter: (n) => n.nodeName === 'A' && n.classList.contains('toc-anchor'), replacement: () => '' });
  turndown = td;
  return td;
}

export function markdownRenderToHtml(render: string): string {
  return render.replace(/<a class="toc-anchor"[^>]*>[^<]*<\/a>/g, '');
}

export async function htmlToMarkdown(html: string): Promise<string> {
  return (await htmlToMarkdownService()).turndown(html);
}
