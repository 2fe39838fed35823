/** How a tool is declared once and registered on each server instance. Internal module. */
import type { McpServer, ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Plan } from '../wiki-access.js';
import type { WikiAccess } from '../wiki-access.js';
import { errorResult, type Secrets } from '../results.js';
import type { PathScope } from '../scope.js';
import type { TokenStore } from '../tokens.js';
import type { WriteLog } from '../write-log.js';

/** What a delete confirmation token stands for: exactly this page at this revision. */
export interface PendingDelete {
  readonly path: string;
  readonly locale: string;
  readonly revision: string;
}

/** Shared by every server instance of one `wikikit mcp` process (HTTP makes one per request). */
export interface ToolContext {
  readonly access: WikiAccess;
  readonly scope: PathScope;
  readonly log: WriteLog;
  readonly secrets: Secrets;
  readonly deletions: TokenStore<PendingDelete>;
  readonly plans: TokenStore<Plan>;
}

export interface ToolSpec {
  readonly name: string;
  /** Part of `--tools essential`. */
  readonly essential: boolean;
  /** Changes the wiki: absent under `--read-only`, scoped by `--allow-paths`, logged. */
  readonly write: boolean;
  register(server: McpServer, ctx: ToolContext): void;
}

export interface ToolDefinition<S extends z.ZodRawShape> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly essential: boolean;
  readonly write: boolean;
  /** Hints beyond the defaults (read-only-ness follows from `write` unless given). */
  readonly annotations?: Omit<ToolAnnotations, 'title'>;
  readonly input: S;
  run(args: z.output<z.ZodObject<S>>, ctx: ToolContext, signal: AbortSignal): Promise<CallToolResult>;
}

export function defineTool<S extends z.ZodRawShape>(def: ToolDefinition<S>): ToolSpec {
  return {
    name: def.name,
    essential: def.essential,
    write: def.write,
    register(server, ctx) {
      server.registerTool(
        def.name,
        {
          title: def.title,
          description: def.description,
          inputSchema: def.input,
          annotations: {
            title: def.title,
            readOnlyHint: !def.write,
            // A wiki is a closed world: the tools touch that one wiki and nothing else.
            openWorldHint: false,
            ...(def.write ? { destructiveHint: false, idempotentHint: false } : {}),
            ...def.annotations,
          },
        },
        // The SDK has validated `args` against `def.input` before calling; only the generic
        // shape type is lost between zod's inference and the SDK's.
        (async (args: z.output<z.ZodObject<S>>, extra: { signal: AbortSignal }) => {
          try {
            return await def.run(args, ctx, extra.signal);
          } catch (error) {
            return errorResult(error, ctx.secrets);
          }
        }) as unknown as ToolCallback<S>,
      );
    },
  };
}
