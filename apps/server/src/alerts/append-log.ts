import { open as openFile, rename, type FileHandle } from 'node:fs/promises';
import { GroupCommit } from '../durable/group-commit.js';

/**
 * An append-only JSON-lines file, kept open while the store is: lines that arrive together are written and
 * fdatasync'd once (group commit), and each caller resolves only when its own line is durable. An alert costs one
 * write and one fdatasync instead of open, append, fsync and close, and a burst of alerts shares one flush.
 */
export class AppendLog {
  private fh?: FileHandle;
  /** bytes known to be durable: a failed commit is cut back to here */
  private size = 0;
  /** a failed commit could not be cut off: start the next one on a fresh line */
  private torn = false;
  private readonly commits = new GroupCommit<string>((lines) => this.commit(lines));

  /** the file's size after it was last rewritten by compaction */
  private compactedSize = 0;

  constructor(
    private readonly path: string,
    /** how the file is opened for appending (tests pass a handle that fails on purpose) */
    private readonly openForAppend: (path: string) => Promise<FileHandle> = (p) => openFile(p, 'a'),
    /**
     * When the file has grown past `minBytes` and twice its last compacted size, it is rewritten with `contents()`
     * (which must hold everything appended so far; replaying a line on top of it must change nothing).
     */
    private readonly compaction?: { minBytes: number; contents: () => Iterable<string> },
  ) {}

  async open(): Promise<void> {
    this.fh = await this.openForAppend(this.path);
    this.size = (await this.fh.stat()).size;
    this.compactedSize ||= this.size;
  }

  /**
   * Resolves once `line` (newline-terminated) is on disk; lines reach the file in the order they were given.
   * A line given after close() (an event still arriving during shutdown) opens the file again.
   */
  append(line: string): Promise<void> {
    return this.commits.append(line);
  }

  /** Waits for every accepted line to be committed, then closes the file. */
  async close(): Promise<void> {
    await this.commits.drain();
    const fh = this.fh;
    this.fh = undefined;
    await fh?.close();
  }

  /**
   * Rewrites the file with `contents` (temp file, fsync, rename), between two commits, so no append can land in
   * the file being replaced. If it fails the file is as it was and appending goes on.
   */
  private async compact(contents: Iterable<string>): Promise<void> {
    const tmp = `${this.path}.tmp`;
    try {
      const out = await openFile(tmp, 'w');
      try {
        for (const chunk of contents) await out.writeFile(chunk);
        await out.sync();
      } finally {
        await out.close();
      }
      await rename(tmp, this.path);
    } catch {
      return;
    }
    await this.fh?.close();
    this.fh = await this.openForAppend(this.path);
    this.size = this.compactedSize = (await this.fh.stat()).size;
  }

  private async commit(lines: string[]): Promise<void> {
    if (!this.fh) await this.open();
    const fh = this.fh!;
    const buf = Buffer.from((this.torn ? '\n' : '') + lines.join(''), 'utf8');
    try {
      for (let at = 0; at < buf.length;) at += (await fh.write(buf, at)).bytesWritten;
      await fh.datasync();
      // after a failed cut the file's length is unknown here: ask it
      this.size = this.torn ? (await fh.stat()).size : this.size + buf.length;
      this.torn = false;
      const c = this.compaction;
      if (c && this.size > Math.max(c.minBytes, 2 * this.compactedSize)) await this.compact(c.contents());
    } catch (e) {
      // (disk full, I/O error) none of these lines is acknowledged; part of them may be in the file: cut it off,
      // so a half line never runs into the next commit's first line (a torn line alone is skipped on load)
      this.torn = await fh.truncate(this.size).then(
        () => false,
        () => true,
      );
      throw e;
    }
  }
}
