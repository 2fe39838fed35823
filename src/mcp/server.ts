/**
 * The wikikit MCP server: tools and resources over one {@link Wiki}, whatever its dialect.
 * `WikiMcp` holds what outlives one MCP session (the wiki, the path scope, the write log,
 * pending delete confirmations and replace plans); `createServer()` makes an `McpServer` for a
 * session — once for stdio, once per request for stateless HTTP.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Wiki } from '../model/wiki.js';
import { registerPageResources } from './resources.js';
import { PathScope } from './scope.js';
import { TokenStore } from './tokens.js';
import type { PendingDelete, ToolContext, ToolSpec } from './tools/define.js';
import { READ_TOOLS } from './tools/read.js';
import { WRITE_TOOLS } from './tools/write.js';
import { WikiAccess, type Plan } from './wiki-access.js';
import type { WriteLog } from './write-log.js';

export type ToolSet = 'essential' | 'all';

export interface WikiMcpOptions {
  readonly wiki: Wiki;
  /** No write tool is registered at all (not merely refused). @default false */
  readonly readOnly?: boolean;
  /** Folders (or `Ns:` namespaces) writes may touch; refused elsewhere before any request. @default everything */
  readonly allowPaths?: readonly string[];
  /** @default 'all' */
  readonly tools?: ToolSet;
  /** Where every write attempt is recorded. @default nowhere */
  readonly log?: WriteLog;
  /** Values that must never appear in a tool result or log line (tokens, passwords). */
  readonly secrets?: Iterable<string>;
  /** Lifetime of delete confirmations and replace plans. @default 600_000 */
  readonly tokenTtlMs?: number;
  /** Reported to clients. @default '0.0.0' */
  readonly version?: string;
}

const ALL_TOOLS: readonly ToolSpec[] = [...READ_TOOLS, ...WRITE_TOOLS];

/** Names of the tools a server with these options offers, in registration order. */
export function toolNames(options: Pick<WikiMcpOptions, 'readOnly' | 'tools'>): string[] {
  return selectTools(options).map((tool) => tool.name);
}

function selectTools(options: Pick<WikiMcpOptions, 'readOnly' | 'tools'>): ToolSpec[] {
  return ALL_TOOLS.filter((tool) => (options.tools !== 'essential' || tool.essential) && (options.readOnly !== true || !tool.write));
}

function instructions(access: WikiAccess, options: WikiMcpOptions, scope: PathScope): string {
  const lines = [
    `Tools for the ${access.kind} wiki at ${access.url}. Paths are wiki paths without locale (Wiki.js) or page titles (MediaWiki); pages are also resources at wiki://PATH.`,
  ];
  if (options.readOnly === true) lines.push('This server is read-only: it has no tools that change the wiki.');
  else {
    lines.push(
      'To change a page: read_page it, keep its "revision", then update_page with that revision as base_revision. A conflict result means someone else edited it: read it again and redo the change; never work around it.',
      'delete_page and replace_apply need a confirmation step (a token or plan id from a first call); confirm with the user in between.',
    );
    if (scope.prefixes.length > 0) lines.push(`Writes are allowed only under: ${scope.prefixes.join(', ')}.`);
  }
  return lines.join('\n');
}

export class WikiMcp {
  readonly context: ToolContext;
  readonly #options: WikiMcpOptions;
  readonly #tools: ToolSpec[];
  readonly #instructions: string;

  constructor(options: WikiMcpOptions) {
    this.#options = options;
    const access = new WikiAccess(options.wiki);
    const scope = new PathScope(options.wiki.kind, options.allowPaths);
    const ttl = options.tokenTtlMs === undefined ? {} : { ttlMs: options.tokenTtlMs };
    this.context = {
      access,
      scope,
      log: options.log ?? { record: () => Promise.resolve() },
      // Kept live (not copied): a caller may learn a secret later, e.g. the HTTP token.
      secrets: options.secrets ?? [],
      deletions: new TokenStore<PendingDelete>('del', ttl),
      plans: new TokenStore<Plan>('plan', ttl),
    };
    this.#tools = selectTools(options);
    this.#instructions = instructions(access, options, scope);
  }

  get toolNames(): string[] {
    return this.#tools.map((tool) => tool.name);
  }

  /** A fresh `McpServer` with this wiki's tools and resources; connect it to one transport. */
  createServer(): McpServer {
    const server = new McpServer(
      { name: 'wikikit', title: 'wikikit', version: this.#options.version ?? '0.0.0' },
      { instructions: this.#instructions, capabilities: { tools: {}, resources: {} } },
    );
    for (const tool of this.#tools) tool.register(server, this.context);
    registerPageResources(server, this.context);
    return server;
  }
}
