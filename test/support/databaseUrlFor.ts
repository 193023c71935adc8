/** The test database's URL with another user, password, database or port. */
export function databaseUrlFor(base: string, change: { user?: string; password?: string; database?: string; port?: number }): string {
  const url = new URL(base);
  if (change.user !== undefined) url.username = change.user;
  if (change.password !== undefined) url.password = change.password;
  if (change.database !== undefined) url.pathname = `/${change.database}`;
  if (change.port !== undefined) url.port = String(change.port);
  return url.toString();
}
