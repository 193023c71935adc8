import { lstat } from "node:fs/promises";

/**
 * Whether `path` is a real folder (not a symlink) owned by this process's user that nobody else can
 * write to. Folders with fixed names in the shared temp folder are reused only then: another local
 * user could have made one first, filled with binaries of their own or a symlink for chown to follow.
 */
export async function isOwnDirectory(path: string): Promise<boolean> {
  const stats = await lstat(path).catch(() => undefined);
  return stats !== undefined && stats.isDirectory() && stats.uid === process.getuid?.() && (stats.mode & 0o022) === 0;
}
