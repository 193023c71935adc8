/** The text of `fraiseql-wire --help`. */
export const cliHelp = `Usage: fraiseql-wire <command> [options]

Commands:
  serve                  run the server (configured by environment variables, as \`make run\`
                         with DATABASE_URL; \`fraiseql-wire serve --help\` lists them)
  query <entity>         stream an entity's rows to stdout
  entities               list the entities the server exposes
  health                 ask the server's grpc.health.v1 service; exit 0 only when it says
                         SERVING (a container HEALTHCHECK, a readiness script)

Query options:
  --filter <text>        server-side filter, e.g. 'status = "active" AND priority >= 3'
                         (docs/filters.md)
  --order-by <text>      ordering, e.g. "priority desc, name"
  --limit <n>            at most n rows (default: all)
  --offset <n>           skip n rows first
  --chunk-rows <n>       rows per message (default: the server's)
  --chunk-bytes <n>      row bytes per message (default: the server's, 1 MiB)
  --format <f>           ndjson (default: one JSON document per line), json (one array),
                         or table (columns from the first 100 rows' top-level keys)
  --no-resume            do not resume a broken stream: fail at the first error
  --resume-attempts <n>  calls in a row that may fail without a row before giving up
                         (default 10; a call that delivers rows starts the count again)
  --resume-max-ms <n>    longest to keep trying from a failure until rows flow again
                         (default 60000)

A query whose stream breaks (a retriable error: the server or its database restarting, a
replica lost, a connection cut) is resumed after the last row written, from a resume token:
no row is written twice (docs/resume.md). Each resume shows on the progress line, or as one
line on stderr when it is not a terminal.

Entities options:
  --schema <name>        only this schema
  --format <f>           table (default), json or ndjson

Health options:
  --service <name>       the service to ask about (default: "", the server as a whole;
                         or fraiseql.wire.v1.QueryService)
  Prints the status (SERVING, NOT_SERVING, SERVICE_UNKNOWN) and exits 0 only for SERVING:
  75 for NOT_SERVING or an unreachable server (try again), 1 for SERVICE_UNKNOWN or no
  answer within the deadline (default 5000 ms, --deadline-ms).

Connection options:
  --address <host:port>  server address (default: $FRAISEQL_WIRE_ADDRESS, else 127.0.0.1:50051);
                         for query and entities, replicas as a list: host-a:50051,host-b:50051
                         (a resume goes to another one), or a target such as dns:///name:50051
  --token <token>        bearer token, sent as "authorization: Bearer <token>"
                         (default: $FRAISEQL_WIRE_TOKEN)
  --tls                  connect with TLS (system root certificates unless --ca)
  --ca <file>            PEM CA certificate(s) to trust for the server (implies --tls)
  --cert <file>          PEM client certificate for mutual TLS (with --key)
  --key <file>           PEM private key of --cert
  --deadline-ms <n>      give up after n ms (default: no deadline)
  -h, --help             show this help
  --version              print the version (fraiseql-wire X.Y.Z) and exit

On a terminal, a progress line (rows, MB, rows/s, resumes) is shown on stderr while rows stream,
and a summary at the end; nothing is written to stderr when it is not a terminal, except errors
and resumes.

Exit codes:
  0    success
  1    permanent failure: the same command will fail again (bad filter, unknown entity, ...)
  2    usage error: unknown command or option, missing or invalid argument
  75   retriable failure: try again later (server unavailable, too many streams, ...), once
       resuming gave up; a stream that failed midway prints how many rows arrived so that
       --offset can resume
  130  interrupted (Ctrl-C)

Examples:
  fraiseql-wire query projects --limit 5
  fraiseql-wire query projects --filter 'status = "active"' --order-by "priority desc" --format table
  fraiseql-wire query projects --format json > projects.json
  fraiseql-wire query projects --address host-a:50051,host-b:50051 > projects.ndjson
  fraiseql-wire entities
  fraiseql-wire health --address 127.0.0.1:50051
`;
