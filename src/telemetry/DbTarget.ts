/** The PostgreSQL server and database the pool talks to, for the db.* attributes of spans. */
export interface DbTarget {
  readonly namespace: string;
  readonly host: string | undefined;
  readonly port: number;
}

/**
 * From DATABASE_URL: only the host, port and database name, never the user or password. PostgreSQL
 * defaults the database to the user name, as libpq does.
 */
export function dbTargetOf(databaseUrl: string): DbTarget {
  try {
    const url = new URL(databaseUrl);
    const namespace = decodeURIComponent(url.pathname.replace(/^\//, "")) || decodeURIComponent(url.username) || "postgres";
    return { namespace, host: url.hostname === "" ? undefined : url.hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(url.port) || 5432 };
  } catch {
    return { namespace: "postgres", host: undefined, port: 5432 };
  }
}
