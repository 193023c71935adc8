// Stream the first rows of an entity and print them.
// Run: make run (in another terminal), then
//   make build && FRAISEQL_WIRE_ADDRESS=127.0.0.1:50051 node dist/examples/basic_query.js
import { WireClient } from "fraiseql-wire/client";

interface Project {
  name: string;
  status: string;
  priority: number;
  owner: { name: string };
}

const client = new WireClient(process.env["FRAISEQL_WIRE_ADDRESS"] ?? "127.0.0.1:50051");
try {
  const entities = await client.listEntities();
  console.log(`the server exposes ${entities.length} entities: ${entities.map((e) => e.name).join(", ")}`);

  // Nothing is sent until the query is iterated; rows arrive parsed, as they stream.
  let count = 0;
  for await (const project of client.query<Project>("projects").limit(5)) {
    console.log(`${project.name} | ${project.status} | priority ${project.priority} | ${project.owner?.name ?? "-"}`);
    count++;
  }
  console.log(`${count} rows`);
} finally {
  client.close();
}
