/** Small file helpers the jobs share: hashing and crash-safe writes. Internal module. */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface AtomicWriteOptions {
  /** File mode, applied from creation (a secret is never readable by others, not even for a moment). */
  readonly mode?: number;
  /** Mode of folders created on the way. */
  readonly dirMode?: number;
}

/**
 * Writes through a temporary file in the same folder, fsyncs it, then renames it over the
 * target: a reader (or a crash) sees the old file or the new one, never half of one.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  await replaceFileAtomic(path, async (temp) => {
    const handle = await open(temp, 'wx', options.mode ?? 0o666);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
  }, options);
}

/**
 * The one crash-safe replace every writer of the package goes through: `write` creates and fills
 * `temp` (in the target's folder, so the rename cannot cross file systems); it is fsynced and
 * renamed over `path` once complete, and removed when anything fails.
 */
export async function replaceFileAtomic(path: string, write: (temp: string) => Promise<void>, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, ...(options.dirMode === undefined ? {} : { mode: options.dirMode }) });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await write(temp);
    const handle = await open(temp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask cannot widen a mode, but chmod makes it explicit on odd file systems.
    if (options.mode !== undefined) await chmod(temp, options.mode);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** File bytes, or `undefined` when it does not exist. */
export async function readFileIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
