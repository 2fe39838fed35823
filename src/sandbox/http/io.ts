import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small helpers shared by every dialect's HTTP routes. Internal module. */
export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' };

/** Reads a request body, stopping at `limit` bytes (body-parser's `limit`). */
export async function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    return { ok: false, reason: 'too-large' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      req.resume();
      return { ok: false, reason: 'too-large' };
    }
    chunks.push(buf);
  }
  return { ok: true, body: Buffer.concat(chunks) };
}

export function send(res: ServerResponse, status: number, contentType: string, body: string | Uint8Array, headers: Record<string, string> = {}): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(buf.byteLength), ...headers });
  res.end(buf);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
