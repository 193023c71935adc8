// Ordering and offset pagination: pages of a stable order never overlap or skip rows, because the
// server adds the view's key column `id` as a final tie-breaker (docs/filters.md, "Ordering").
// Run: make run (in another terminal), then
//   make build && FRAISEQL_WIRE_ADDRESS=127.0.0.1:50051 node dist/examples/ordering.js
import { desc, ge, WireClient } from "fraiseql-wire/client";

interface Project {
  name: string;
  priority: number;
}

const PAGE_SIZE = 4;
const client = new WireClient(process.env["FRAISEQL_WIRE_ADDRESS"] ?? "127.0.0.1:50051");
try {
  // desc() quotes the path if it needs it; "priority desc, name" as text works the same.
  // Only numeric priorities: ordering compares JSON values, and other types would sort as groups.
  const byPriority = client.query<Project>("projects").where(ge("priority", 1)).orderBy(desc("priority"), "name");

  // Each page is its own call: the builder is immutable, so byPriority is reused as is.
  const seen = new Set<string>();
  for (let page = 0; page < 3; page++) {
    const rows = await byPriority.offset(page * PAGE_SIZE).limit(PAGE_SIZE).toArray();
    console.log(`page ${page + 1}: ${rows.map((p) => `${JSON.stringify(p.name)} (${p.priority})`).join(", ")}`);
    for (const row of rows) seen.add(row.name);
  }
  console.log(`${seen.size} distinct rows in 3 pages of ${PAGE_SIZE}`);
} finally {
  client.close();
}
