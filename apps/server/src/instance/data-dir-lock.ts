import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/** The lock file, in the data directory it guards. */
export const LOCK_FILE = 'qinwatt.pid';

/** Who holds a data directory: written once, whole, when the lock is taken. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the lock was taken */
  since: string;
  /** Linux: the process's start time in clock ticks after boot (/proc/PID/stat field 22), to tell a reused PID */
  procStart?: string;
}

export class DataDirBusy extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `data directory ${dir} is in use by qinwatt process ${holder.pid} on ${holder.host} (since ${holder.since}). ` +
        `Stop that process first, or give this one its own QW_DATA_DIR. ` +
        `If process ${holder.pid} is not qinwatt, delete ${join(dir, LOCK_FILE)}.`,
    );
  }
}

export interface DataDirLock {
  readonly path: string;
  /** the holder of a stale lock this one replaced: a previous run that ended without releasing it */
  readonly replaced?: LockHolder;
  /** removes the lock file if it is still ours; safe to call more than once */
  release(): void;
}

/**
 * Takes the data directory for this process, as PostgreSQL's postmaster.pid does: the lock file is created
 * exclusively (a fully written temporary file hard-linked into place, so no reader ever sees half of one); if one
 * exists, its holder is checked for life and a dead holder's file is removed. The kernel keeps no lock for us, so a
 * SIGKILLed process leaves its file behind, and the liveness check is what keeps it from blocking the next start.
 * Throws DataDirBusy when a live process holds the directory.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const start = procStart(process.pid);
  if (start) me.procStart = start;
  const text = `${JSON.stringify(me)}\n`;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o644 });
  let replaced: LockHolder | undefined;
  try {
    // a few rounds: each one either takes the lock, meets a live holder, or clears one stale file
    for (let round = 0; round < 5; round++) {
      try {
        linkSync(tmp, path);
        return ownLock(path, text, replaced);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const raw = readOrEmpty(path);
      const holder = parseHolder(raw);
      if (holder && isAlive(holder)) throw new DataDirBusy(dir, holder);
      removeIfUnchanged(path, raw);
      replaced = holder;
    }
    throw new Error(`could not take ${path}: other processes keep replacing it`);
  } finally {
    unlinkSync(tmp);
  }
}

function ownLock(path: string, text: string, replaced?: LockHolder): DataDirLock {
  let held = true;
  return {
    path,
    replaced,
    release() {
      if (!held) return;
      held = false;
      if (readOrEmpty(path) === text) unlinkSync(path);
    },
  };
}

/**
 * Removes a stale lock file only if it is still the one judged stale: it is first moved aside (rename is atomic),
 * and if what was moved is not that file (a live process took the lock in between), it is put back.
 */
function removeIfUnchanged(path: string, judged: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else cleared it: try again
    throw e;
  }
  if (readOrEmpty(aside) !== judged) {
    try {
      linkSync(aside, path);
    } catch {
      // a third process took the lock meanwhile: it holds it, and the next round meets it
    }
  }
  unlinkSync(aside);
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const h = JSON.parse(raw) as LockHolder;
    return Number.isInteger(h.pid) && h.pid > 0 && typeof h.host === 'string' ? h : undefined;
  } catch {
    return undefined; // not a lock file this code wrote: nobody can be holding it
  }
}

function isAlive(h: LockHolder): boolean {
  // another machine's process (a shared file system) cannot be checked from here: assume it runs
  if (h.host !== hostname()) return true;
  // our own PID in the file is a previous run's (a container restarts its main process with the same PID)
  if (h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: the process exists but belongs to another user
  }
  const stat = procStat(h.pid);
  if (stat?.state === 'Z') return false; // exited, not yet reaped by its parent
  // the PID now belongs to a process started later than the holder: the holder is gone
  if (h.procStart && stat && stat.start !== h.procStart) return false;
  return true;
}

/** state and start time from /proc/PID/stat (Linux; undefined elsewhere) */
function procStat(pid: number): { state: string; start: string } | undefined {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'
  const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  // proc(5): field 3 is the state, field 22 the start time; here they are fields[0] and fields[19]
  return fields.length > 19 ? { state: fields[0], start: fields[19] } : undefined;
}

const procStart = (pid: number): string | undefined => procStat(pid)?.start;
