/** The wikikit MCP server: `wikikit mcp`, or embedded with {@link WikiMcp}. */
export { WikiMcp, toolNames, type WikiMcpOptions, type ToolSet } from './server.js';
export { startMcpHttp, generateToken, MCP_HTTP_HOST, MCP_HTTP_PATH, type McpHttpOptions, type McpHttpServer } from './http.js';
export { createWriteLog, type WriteLog, type WriteRecord, type WriteOutcome, type WriteLogOptions } from './write-log.js';
export { pageUri, pathOfUri } from './resources.js';
