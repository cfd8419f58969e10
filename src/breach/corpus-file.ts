import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { ByteSink } from "./writer";

/** A corpus being written beside the live one; `commit` swaps it in with one rename. */
export interface PendingCorpusFile {
  temporaryPath: string;
  sink: ByteSink;
  commit(): void;
  abort(): void;
}

/**
 * Starts a new corpus version in a temporary file in the same folder (so the rename is atomic,
 * POSIX rename(2)). Readers holding the old file keep their descriptor and finish on the old
 * version; a reader that opens the path afterwards gets the new one, never a partial file.
 */
export function createPendingCorpusFile(corpusPath: string): PendingCorpusFile {
  const target = resolve(corpusPath);
  mkdirSync(dirname(target), { recursive: true });
  removeAbandonedFiles(target);
  const temporaryPath = `${target}.import-${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  let fd: number | undefined = openSync(temporaryPath, "w", 0o644);
  const close = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return {
    temporaryPath,
    sink: (bytes, position) => {
      writeSync(fd as number, bytes, 0, bytes.length, position);
    },
    commit: () => {
      fsyncSync(fd as number);
      close();
      renameSync(temporaryPath, target);
      syncDirectory(dirname(target));
    },
    abort: () => {
      close();
      rmSync(temporaryPath, { force: true });
    },
  };
}

/** Collects a corpus in memory (the default corpus for `:memory:` configurations and tests). */
export function createMemorySink(): { sink: ByteSink; bytes: () => Buffer } {
  let buffer = Buffer.alloc(1 << 16);
  let length = 0;
  return {
    sink: (bytes, position) => {
      const end = position + bytes.length;
      if (end > buffer.length) {
        const grown = Buffer.alloc(Math.max(end, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      bytes.copy(buffer, position);
      length = Math.max(length, end);
    },
    bytes: () => buffer.subarray(0, length),
  };
}

/** Makes the rename itself durable: the directory entry lives in the directory. */
function syncDirectory(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Deletes what an interrupted import (a process that no longer runs) left beside the corpus. */
function removeAbandonedFiles(target: string): void {
  const prefix = `${basename(target)}.import-`;
  for (const entry of readdirSync(dirname(target))) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number.parseInt(entry.slice(prefix.length), 10);
    if (pid > 0 && pid !== process.pid && !isRunning(pid)) {
      rmSync(join(dirname(target), entry), { force: true });
    }
  }
}

/**
 * Deletes what interrupted writes of any source in a folder left behind (the stack's folder
 * of added sources, where every source has its own name).
 */
export function removeAbandonedImports(folder: string): void {
  for (const entry of readdirSync(folder)) {
    const match = /\.import-(\d+)-/.exec(entry);
    const pid = match ? Number.parseInt(match[1] as string, 10) : 0;
    if (pid > 0 && pid !== process.pid && !isRunning(pid)) {
      rmSync(join(folder, entry), { force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
