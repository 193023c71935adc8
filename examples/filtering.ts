// Filters built with eq(), and(), or(), not(), has() and exists(): the SDK writes and quotes the
// filter text (docs/filters.md), so no caller ever concatenates strings into a query.
// Run: make run (in another terminal), then
//   make build && FRAISEQL_WIRE_ADDRESS=127.0.0.1:50051 node dist/examples/filtering.js
import { and, eq, exists, ge, has, not, or, WireClient } from "fraiseql-wire/client";

interface Project {
  name: string;
  status: string;
  priority: number;
  tags: string[];
  budget: number;
}

const client = new WireClient(process.env["FRAISEQL_WIRE_ADDRESS"] ?? "127.0.0.1:50051");
const projects = client.query<Project>("projects");
const count = async (label: string, query: AsyncIterable<unknown>): Promise<void> => {
  let n = 0;
  for await (const _ of query) n++;
  console.log(`${label}: ${n} rows`);
};

try {
  const urgent = and(eq("status", "active"), ge("priority", 4));
  console.log(`filter text: ${urgent}`);
  await count("active with priority >= 4", projects.where(urgent));
  await count("tagged security or ml", projects.where(or(has("tags", "security"), has("tags", "ml"))));
  await count("not archived", projects.where(not(eq("status", "archived"))));
  await count("with an owner e-mail", projects.where(exists("owner.email")));
  // User input is just a value: quotes and backslashes in it cannot change the filter.
  const typed = 'Ada" OR status = "active';
  console.log(`filter text: ${eq("owner.name", typed)}`);
  await count("owner named exactly that", projects.where(eq("owner.name", typed)));
  // A filter written by hand is accepted too; the server checks it and names the column of a typo.
  await count("raw filter text", projects.where('status = "paused" AND budget > 10000'));
  // filterRows runs on the client: every row crosses the network and is parsed first, so prefer
  // where() and keep filterRows for what the filter language cannot say.
  await count("name ends with 7 (client-side)", projects.filterRows((p) => String(p.name).endsWith("7")));
} finally {
  client.close();
}
