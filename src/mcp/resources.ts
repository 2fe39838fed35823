/**
 * Pages as MCP resources: `wiki://PATH` (percent-encoded where a path needs it), read with
 * the content type of their format. The listing is capped; every page stays readable by URI.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { scrubSecrets } from '../transport/redact.js';
import type { ToolContext } from './tools/define.js';
import { mimeOf } from './tools/fields.js';

/** At most this many pages in `resources/list`. */
export const RESOURCE_LIST_LIMIT = 1000;

export function pageUri(path: string): string {
  return `wiki://${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** `wiki://docs/a%20b` → `docs/a b`. */
export function pathOfUri(uri: URL): string {
  const raw = uri.href.replace(/^wiki:\/\//, '').replace(/[?#].*$/, '');
  return raw.split('/').map(decodeURIComponent).join('/');
}

export function registerPageResources(server: McpServer, ctx: ToolContext): void {
  const template = new ResourceTemplate('wiki://{+path}', {
    list: async (extra) => {
      const pages = await ctx.access.listFirst(RESOURCE_LIST_LIMIT, { signal: extra.signal });
      return {
        resources: pages.map((page) => ({
          uri: pageUri(page.path),
          name: page.path,
          title: page.title,
          // The listing does not say the format; reading the page does.
          ...(page.description === undefined || page.description === '' ? {} : { description: page.description }),
        })),
      };
    },
  });
  server.registerResource(
    'page',
    template,
    { title: 'Wiki page', description: `A page of ${ctx.access.url}, by path: wiki://PATH (MediaWiki: the title).` },
    async (uri, _variables, extra) => {
      const path = pathOfUri(uri);
      const page = await ctx.access.require(path, { signal: extra.signal });
      return { contents: [{ uri: uri.href, mimeType: mimeOf(page.format), text: scrubSecrets(page.content, ctx.secrets) }] };
    },
  );
}
