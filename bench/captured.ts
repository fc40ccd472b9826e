/** What the runner captures from the real server and the floor server replays. */
export interface FloorEntry {
  /** The request body, byte for byte as the load generator sends it. */
  requestBody: string;
  status: number;
  /** Response headers of the real server (hop-by-hop ones and Date/Content-Length removed). */
  headers: Record<string, string>;
  responseBody: string;
}

/** Headers the floor does not copy: node:http writes its own. */
export const NOT_REPLAYED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'content-length']);
