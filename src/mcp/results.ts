/**
 * Tool results. Success is one JSON text block (plus the raw page text where there is one);
 * failure is a result with `isError`, so the agent sees it and can act: the wiki's own code,
 * the category, and one sentence on what to do next. Everything is scrubbed of secrets.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isWikikitError, UsageError, WikiApiError, type WikikitError } from '../errors.js';
import { scrubSecrets } from '../transport/redact.js';

export type Secrets = Iterable<string>;

export function okResult(data: Record<string, unknown>, secrets: Secrets, text?: string): CallToolResult {
  const content: CallToolResult['content'] = [{ type: 'text', text: scrubSecrets(JSON.stringify(data, null, 2), secrets) }];
  if (text !== undefined) content.push({ type: 'text', text: scrubSecrets(text, secrets) });
  return { content };
}

/** A refusal the server decided itself (conflict, confirmation needed): an error result with structured facts. */
export function refusalResult(data: Record<string, unknown>, secrets: Secrets): CallToolResult {
  return { ...okResult(data, secrets), isError: true };
}

function hintFor(error: WikikitError): string {
  switch (error.category) {
    case 'usage':
      if (error instanceof UsageError && error.field === 'allow-paths') {
        return 'This server is configured to write only under the allowed paths; do not retry this write. Ask the user to widen --allow-paths if it is needed.';
      }
      return `Fix the argument${error instanceof UsageError && error.field !== undefined ? ` "${error.field}"` : ''} and call the tool again.`;
    case 'conflict':
      return 'The page changed since you read it (or already exists). Nothing was written. Call read_page to get the current content and revision, redo your change on it, and retry with that revision as base_revision.';
    case 'not-found':
      return 'Check the path or id with search or list_pages (paths are case-sensitive on Wiki.js; titles on MediaWiki).';
    case 'auth':
      return "The server's own wiki credentials were refused. This is not something a retry fixes: tell the user to check the wikikit profile or WIKIKIT_TOKEN.";
    case 'permission':
      return "The wiki account this server uses lacks the right for this action; tell the user. Retrying won't help.";
    case 'validation':
      return 'The wiki rejected the input (see message); change it and retry.';
    case 'rate-limit':
      return 'The wiki is throttling requests; wait before retrying.';
    case 'network':
    case 'timeout':
    case 'http':
      return 'The wiki could not be reached or answered badly. For a read, retry later. For a write, read the page first: the write may or may not have happened.';
    case 'api':
      return 'The wiki refused the request; the code says why.';
  }
}

/** Any thrown value as a tool error result. Unknown errors say only their message, scrubbed. */
export function errorResult(error: unknown, secrets: Secrets, extra: Record<string, unknown> = {}): CallToolResult {
  const body: Record<string, unknown> = isWikikitError(error)
    ? {
        error: {
          name: error.name,
          category: error.category,
          message: error.message,
          ...(error instanceof WikiApiError
            ? {
                wiki: error.wiki,
                code: error.code,
                ...(error.slug === undefined ? {} : { slug: error.slug }),
                ...(error.path === undefined ? {} : { path: error.path }),
                ...(error.details === undefined ? {} : { details: error.details }),
              }
            : {}),
          ...(error instanceof UsageError && error.field !== undefined ? { field: error.field } : {}),
        },
        what_to_do: hintFor(error),
        ...extra,
      }
    : {
        error: { name: 'InternalError', category: 'internal', message: error instanceof Error ? error.message : String(error) },
        what_to_do: 'An unexpected error in the wikikit MCP server; tell the user (it is logged on its stderr).',
        ...extra,
      };
  return refusalResult(body, secrets);
}
