import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { ControlError } from './control-error.js';

/**
 * Streams a request body into `file`, never holding more than a chunk in memory. Refuses at once when the
 * declared length is over `maxBytes`, and stops reading as soon as the body passes it: the file is deleted, and the
 * connection is closed once the 413 answer has gone out, so the rest of the body is never read.
 */
export async function receiveUpload(req: IncomingMessage, file: string, maxBytes: number): Promise<number> {
  const tooLarge = () => {
    const res = (req as IncomingMessage & { res?: ServerResponse }).res;
    res?.setHeader('connection', 'close');
    res?.once('finish', () => req.socket.destroy());
    return new ControlError(
      'UPLOAD_TOO_LARGE',
      `upload larger than ${maxBytes} bytes; replay it with the device-sim CLI`,
    );
  };
  if (Number(req.headers['content-length']) > maxBytes) throw tooLarge();
  const out = createWriteStream(file, { mode: 0o600 });
  let size = 0;
  try {
    // destroyOnReturn false: leaving the loop must not reset the socket before the answer is written
    for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge();
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
    return size;
  } catch (e) {
    out.destroy();
    await rm(file, { force: true });
    throw e;
  }
}
