import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Kept-alive connections to the store: one per request in flight, reused from batch to batch. */
const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: 16 }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: 16 }),
};

export interface PostResult {
  status: number;
  /** the response body; read only when the status is not the one expected (an error to report) */
  text: string;
}

/**
 * POSTs a body with node:http on a kept-alive connection. The store's write path posts dozens of batches a second;
 * fetch (undici) measured about 9 % of the server's busy time there, in stream and request bookkeeping around
 * what is one request and an empty 204 answer. A network failure rejects, as fetch does.
 */
export function httpPost(url: URL, body: Buffer, headers: Record<string, string>, expect: number): Promise<PostResult> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        headers: { ...headers, 'Content-Length': body.length },
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status === expect) {
          res.resume(); // nothing to read: let the connection go back to the pool
          res.once('end', () => resolve({ status, text: '' }));
          res.once('error', reject);
          return;
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < 4096) text += chunk;
        });
        res.once('end', () => resolve({ status, text }));
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}
