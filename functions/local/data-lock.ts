/**
 * One runner per data folder: two would share the database files and the
 * outbox. A lock file holds the owner's process id; a lock left by a process
 * that no longer runs (a crash, `kill -9`) is taken over.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StartError } from './start-error.js';

const LOCK = 'runner.lock';

export interface DataLock {
  release(): Promise<void>;
}

export async function lockDataDir(dataDir: string): Promise<DataLock> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, LOCK);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && running(owner)) {
      throw new StartError(
        `another Afterview runner (process ${owner}) is using ${dataDir}; stop it first or choose another --data folder`,
      );
    }
    await rm(file, { force: true });
  }
  throw new StartError(`could not lock ${dataDir}; is another Afterview runner starting there?`);
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
