/**
 * The entities a caller may read, from patterns such as "projects", "reports.*" or "*" (a token
 * file's `entities`, or a JWT's `wire:read:<pattern>` scopes). A bare name matches that entity in
 * every exposed schema; "schema.name" only there; "schema.*" every entity of the schema.
 * The check needs only the requested name, never the database: so whether a forbidden entity exists
 * cannot change the answer a caller gets (SECURITY.md).
 */
export class EntityScopes {
  static readonly all = new EntityScopes(["*"]);

  private readonly any: boolean;
  private readonly bare = new Set<string>();
  private readonly qualified = new Set<string>();
  private readonly schemas = new Set<string>();

  constructor(readonly patterns: readonly string[]) {
    this.any = patterns.includes("*");
    for (const p of patterns) {
      const dot = p.indexOf(".");
      if (dot < 0) this.bare.add(p);
      else if (p.slice(dot + 1) === "*") this.schemas.add(p.slice(0, dot));
      else this.qualified.add(p);
    }
  }

  /** Whether the entity `name` of `schema` may be read. */
  mayRead(schema: string, name: string): boolean {
    return this.any || this.schemas.has(schema) || this.bare.has(name) || this.qualified.has(`${schema}.${name}`);
  }

  /** The patterns as the caller's credential gave them, for messages. */
  describe(): string {
    return this.patterns.length === 0 ? "none" : this.patterns.join(", ");
  }
}
