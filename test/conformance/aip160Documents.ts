/**
 * The documents of wire_test.v_aip_docs, which the conformance suite filters. Each case of the corpus
 * should select some of them and not others: the values are spread over the corpus's fields, with
 * other JSON types and missing keys mixed in. `id` identifies a row in the results.
 */
export const aip160Documents: readonly Record<string, unknown>[] = [
  { a: 1, b: 2, c: 3, d: 5, seq: 1, state: "active", msg: "hello", foo: -2.4, price: 12.5, active: true, deleted: null },
  { a: 5, b: 2, c: 3, d: 4, seq: 2, state: "ACTIVE", msg: "", foo: -3, price: 12.49, active: false, deleted: true },
  { a: 100, b: 1, c: 3, seq: 3, state: "inactive", msg: "Ã¿", foo: 0, price: 99, active: true, deleted: false },
  { a: "foo", b: 2, c: 4, seq: 1, msg: "ÿ", foo: 2.4, total: -31, value: -922337203685477 },
  { a: "b", b: "2", c: 3, seq: 2, msg: "☺☺", foo: "-2.4", total: -30, value: 12 },
  { a: "x", seq: 3, msg: '\\"', foo: -2.5, total: -29, retries: 3, value: 1844674407370955 },
  { a: "xy", seq: 1, msg: "\\", total: 0, file: "Main.java", state: "active" },
  { a: "x*y", seq: 2, msg: "\x07\b\f\n\r\t\v'\"\\? Legal escapes", file: ".java", state: null },
  { a: 10, c: 3, msg: "[ 'hello' ]", file: "notes.txt", name: "Ada Lovelace" },
  { a: 9, b: 2, c: 3, msg: '[ "hello" ]', name: "Ada", email: "ada@example.com" },
  { a: 1, b: 2, c: 4, msg: "\x07\v?", name: "Grace Hopper", email: "grace@example.org" },
  { a: 1, b: 3, c: 3, msg: "😀", name: "line\n世界", email: "x@example.com.evil" },
  { a: "bar.foo", b: 2, msg: "other", name: "a*b", email: "@example.com" },
  { a: [1], name: "x", email: 5, tags: ["blue", "red"], labels: { env: "prod", team: "wire" } },
  { name: "Lovelace", tags: ["red"], labels: { env: "dev" }, owner: { tier: "gold" } },
  { name: "lovely", tags: ["green", 42], labels: { team: "x" }, owner: { tier: "silver" } },
  { name: "100% done", tags: "blue", labels: "env", owner: { tier: "gold", name: "Ada" } },
  { name: "1000", tags: [], owner: "gold", annotations: { schedule: "test" }, metadata: { tags: ["blue"] } },
  { name: "a_x", annotations: { schedule: "daily" }, metadata: { tags: ["red"] }, r: [42, 7], m: { foo: 42 } },
  { name: "abx", annotations: { other: 1 }, metadata: { tags: "blue" }, r: [7], m: { foo: "42" } },
  { name: 7, annotations: "schedule", r: { foo: [42] }, m: { foo: null }, retries: 11 },
  { name: null, r: { foo: 42 }, m: { bar: 1 }, active: false, deleted: null, price: 12.5 },
  { name: ["Ada"], r: 42, m: "foo", active: true, deleted: null, price: 12.5 },
  { a: { b: true }, m: { foo: [42, 43] }, active: true, deleted: "null", price: "12.5" },
  { a: { b: "true" }, state: "active", seq: "1", value: 1844674407370956 },
  { a: { b: false }, state: "Active", seq: null, total: "-40" },
  { state: "prod", labels: { env: "production" }, owner: { tier: "Gold" }, email: "*@example.com" },
  { a: 2, b: 1, c: 3, d: 5 },
  {},
].map((document, index) => ({ id: index + 1, ...document }));
