import { mkdtempSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppendLog } from './append-log.js';

const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'qw-append-')), 'log.jsonl');
const linesOf = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

/** A real append handle whose `write` number `failAt` puts half its bytes in the file and then fails (disk full). */
function failingOnce(failAt: number, canTruncate = true) {
  let writes = 0;
  return async (path: string): Promise<FileHandle> => {
    const fh = await open(path, 'a');
    return new Proxy(fh, {
      get(target, prop) {
        if (prop === 'write')
          return async (buf: Buffer, offset = 0) => {
            if (++writes !== failAt) return target.write(buf, offset);
            await target.write(buf, offset, Math.floor((buf.length - offset) / 2));
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          };
        if (prop === 'truncate' && !canTruncate) return () => Promise.reject(new Error('EIO'));
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  };
}

describe('AppendLog', () => {
  it('keeps lines given together in the order given, each resolved once the file holds it', async () => {
    const path = tmpFile();
    const log = new AppendLog(path);
    await log.open();
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        log.append(`{"n":${i}}\n`).then(() => {
          expect(linesOf(path)).toContain(`{"n":${i}}`); // on disk before the caller hears so
          done.push(i);
        }),
      ),
    );
    expect(linesOf(path)).toEqual(Array.from({ length: 50 }, (_, i) => `{"n":${i}}`));
    expect(done).toEqual(Array.from({ length: 50 }, (_, i) => i));
    await log.close();
  });

  it('cuts off a failed commit, so its half-written line never runs into the next line', async () => {
    const path = tmpFile();
    const log = new AppendLog(path, failingOnce(2));
    await log.open();
    await log.append('{"n":1}\n');
    await expect(log.append('{"n":2,"long":"xxxxxxxxxxxxxxxxxxxxxxxx"}\n')).rejects.toThrow('ENOSPC');
    await log.append('{"n":3}\n');
    await log.close();
    expect(linesOf(path)).toEqual(['{"n":1}', '{"n":3}']);
  });

  it('when the cut itself fails, starts the next line afresh so only the unacknowledged line is unreadable', async () => {
    const path = tmpFile();
    const log = new AppendLog(path, failingOnce(2, false));
    await log.open();
    await log.append('{"n":1}\n');
    await expect(log.append('{"n":2,"long":"xxxxxxxxxxxxxxxxxxxxxxxx"}\n')).rejects.toThrow('ENOSPC');
    await log.append('{"n":3}\n');
    await log.close();
    const parsed = linesOf(path).flatMap((l) => {
      try {
        return [JSON.parse(l) as { n: number }];
      } catch {
        return [];
      }
    });
    expect(parsed.map((x) => x.n)).toEqual([1, 3]);
  });

  it('takes a line given after close (an event during shutdown) by opening the file again', async () => {
    const path = tmpFile();
    const log = new AppendLog(path);
    await log.open();
    await log.append('{"n":1}\n');
    await log.close();
    await log.append('{"n":2}\n');
    await log.close();
    expect(linesOf(path)).toEqual(['{"n":1}', '{"n":2}']);
  });
});
