/**
 * A small reader of a Carnival server's public transparency API (GET /api/transparency/...),
 * for the CLI's auditor commands. Plain fetch: no SDK, no session, no API key needed.
 */

export interface TlogEntry {
  index: number;
  leafHash: string;
  /** The record bytes, base64. */
  record: string;
  decoded: Record<string, unknown>;
  createdAt: string;
}

export interface TlogClient {
  readonly baseUrl: string;
  readonly log: string;
  key(): Promise<string>;
  checkpointNote(): Promise<string>;
  entries(from: number, limit: number): Promise<{ size: number; entries: TlogEntry[]; next: number | null }>;
  consistency(from: number, to: number): Promise<string[]>;
  checkpoints(
    from: number,
    limit: number,
  ): Promise<{ checkpoints: { size: number; rootHash: string; note: string }[]; next: number | null }>;
}

/** A refusal or failure of the server, with its error code when it sent the envelope. */
export class TlogHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TlogHttpError';
  }
}

export function createTlogClient(baseUrl: string, log: string, fetchImpl: typeof fetch = fetch): TlogClient {
  const root = `${baseUrl.replace(/\/+$/, '')}/api/transparency/${encodeURIComponent(log)}`;

  async function get(path: string): Promise<Response> {
    const url = `${root}${path}`;
    let res: Response;
    try {
      res = await fetchImpl(url, { headers: { accept: 'application/json, text/plain' } });
    } catch (e) {
      throw new TlogHttpError(`GET ${url}: ${(e as Error).message}`, 0);
    }
    if (res.ok) return res;
    const text = await res.text();
    let code: string | undefined;
    let message = text.slice(0, 200);
    try {
      const envelope = JSON.parse(text) as { error?: { code?: string; message?: string } };
      code = envelope.error?.code;
      message = envelope.error?.message ?? message;
    } catch {
      // not the envelope: keep the start of the body
    }
    throw new TlogHttpError(
      `GET ${url}: ${res.status}${code ? ` ${code}` : ''}: ${message}`,
      res.status,
      code,
    );
  }

  return {
    baseUrl,
    log,
    async key() {
      return ((await (await get('/key')).json()) as { verifierKey: string }).verifierKey;
    },
    async checkpointNote() {
      return (await get('/checkpoint.txt')).text();
    },
    async entries(from, limit) {
      return (await get(`/entries?from=${from}&limit=${limit}`)).json() as Promise<{
        size: number;
        entries: TlogEntry[];
        next: number | null;
      }>;
    },
    async checkpoints(from, limit) {
      return (await get(`/checkpoints?from=${from}&limit=${limit}`)).json() as ReturnType<
        TlogClient['checkpoints']
      >;
    },
    async consistency(from, to) {
      return ((await (await get(`/consistency?from=${from}&to=${to}`)).json()) as { proof: string[] }).proof;
    },
  };
}
