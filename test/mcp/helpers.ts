import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Wiki } from '../../src/model/wiki.js';
import { WikiMcp, type WikiMcpOptions } from '../../src/mcp/server.js';
import { createWriteLog, type WriteRecord } from '../../src/mcp/write-log.js';

export interface ToolCall {
  readonly isError: boolean;
  /** The first text block, parsed as JSON. */
  readonly data: Record<string, unknown>;
  /** The second text block (page content, diff, tree), when there is one. */
  readonly text: string | undefined;
  /** Everything the server sent back, as one string (for secret scans). */
  readonly raw: string;
}

export interface Session {
  readonly client: Client;
  readonly mcp: WikiMcp;
  /** Every write the server logged, in order. */
  readonly writes: WriteRecord[];
  /** What the write log printed to "stderr". */
  readonly stderr: string[];
  /** Everything any tool returned in this session. */
  readonly transcript: string[];
  call(name: string, args?: Record<string, unknown>): Promise<ToolCall>;
  close(): Promise<void>;
}

/** The SDK's own client, in-process, over the SDK's InMemoryTransport. */
export async function connect(options: Omit<WikiMcpOptions, 'log'>): Promise<Session> {
  const writes: WriteRecord[] = [];
  const stderr: string[] = [];
  const transcript: string[] = [];
  const printed = createWriteLog({ stderr: { write: (line: string) => stderr.push(line) }, ...(options.secrets === undefined ? {} : { secrets: options.secrets }) });
  const mcp = new WikiMcp({
    ...options,
    log: {
      async record(entry) {
        writes.push(entry);
        await printed.record(entry);
      },
    },
  });
  const server = mcp.createServer();
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'wikikit-test', version: '1.0.0' });
  await client.connect(clientSide);
  return {
    client,
    mcp,
    writes,
    stderr,
    transcript,
    async call(name, args = {}) {
      const result = await client.callTool({ name, arguments: args });
      const raw = JSON.stringify(result);
      transcript.push(raw);
      const blocks = (result.content as { type: string; text?: string }[]).filter((b) => b.type === 'text');
      return {
        isError: result.isError === true,
        data: JSON.parse(blocks[0]?.text ?? '{}') as Record<string, unknown>,
        text: blocks[1]?.text,
        raw,
      };
    },
    async close() {
      await client.close();
      await server.close();
    },
  };
}

/** Counts every method call on a Wiki, to prove a refusal sent nothing. */
export function countingWiki(wiki: Wiki): { wiki: Wiki; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(wiki, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { wiki: proxy, calls };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
