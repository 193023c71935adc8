/**
 * Filter strings from public AIP-160 parser test suites (inputs only; the outcomes are ours), and
 * the forms the AIP-160 text and our issue tracker name. Each case says what this service does with
 * it, checked through the real server by aip160Conformance.spec.ts:
 *
 * - supported: returns exactly the rows of `means`, a fully parenthesised filter with the same
 *   meaning, and exactly the rows the TypeScript oracle (test/support/filterOracle.ts) selects;
 * - refused-by-design / refused-for-now: INVALID_FILTER naming the feature (ErrorInfo `unsupported`)
 *   or, where `hint` is set, a syntax error whose message carries it;
 * - invalid: not a valid filter in AIP-160 either; INVALID_FILTER.
 *
 * Sources: aip-go = einride/aip-go filtering/parser_test.go; luci = a LUCI-derived Go aip160 parser's
 * filter_parser_test.go; aip = examples in the text of https://google.aip.dev/160; issue = issue 9.
 */
export type CorpusCase =
  | { readonly source: Source; readonly filter: string; readonly outcome: "supported"; readonly means: string }
  | {
      readonly source: Source;
      readonly filter: string;
      readonly outcome: "refused-by-design" | "refused-for-now";
      /** The ErrorInfo `unsupported` feature, or undefined when a syntax error with `hint` refuses it. */
      readonly feature?: string;
      readonly hint?: string;
    }
  | { readonly source: Source; readonly filter: string; readonly outcome: "invalid" };

type Source = "aip-go" | "luci" | "aip" | "issue";

const supported = (source: Source, filter: string, means = filter): CorpusCase => ({ source, filter, outcome: "supported", means });
const byDesign = (source: Source, filter: string, feature?: string, hint?: string): CorpusCase =>
  ({ source, filter, outcome: "refused-by-design", ...(feature === undefined ? {} : { feature }), ...(hint === undefined ? {} : { hint }) });
const forNow = (source: Source, filter: string, feature?: string, hint?: string): CorpusCase =>
  ({ source, filter, outcome: "refused-for-now", ...(feature === undefined ? {} : { feature }), ...(hint === undefined ? {} : { hint }) });
const invalid = (source: Source, filter: string): CorpusCase => ({ source, filter, outcome: "invalid" });

const GLOBAL = "a global restriction";
const FUNCTION = "a function call";
const FIELDS = "comparing two fields";
const LITERAL_LEFT = "a literal on the left of a comparison";

export const aip160Corpus: readonly CorpusCase[] = [
  // einride/aip-go
  byDesign("aip-go", "New York Giants", GLOBAL),
  byDesign("aip-go", "New York Giants OR Yankees", GLOBAL),
  byDesign("aip-go", "New York (Giants OR Yankees)", GLOBAL),
  byDesign("aip-go", "a b AND c AND d", GLOBAL),
  byDesign("aip-go", "(a b) AND c AND d", GLOBAL),
  supported("aip-go", "a < 10 OR a >= 100"),
  byDesign("aip-go", "a OR b OR c", GLOBAL),
  byDesign("aip-go", "NOT (a OR b)", GLOBAL),
  supported("aip-go", '-file:".java"', 'NOT (file:".java")'),
  byDesign("aip-go", "-30", GLOBAL),
  byDesign("aip-go", "package=com.google", FIELDS),
  supported("aip-go", "msg != 'hello'", 'msg != "hello"'),
  supported("aip-go", 'msg != "hello"'),
  supported("aip-go", 'msg != ""'),
  supported("aip-go", String.raw`msg != "\\\""`, String.raw`msg != "\u005c\u0022"`),
  supported("aip-go", String.raw`msg != "\\"`, String.raw`msg != "\u005c"`),
  supported("aip-go", String.raw`msg != "\303\277"`, 'msg != "Ã¿"'),
  supported("aip-go", String.raw`msg != "\377"`, 'msg != "ÿ"'),
  supported("aip-go", String.raw`msg != "\u263A\u263A"`, 'msg != "☺☺"'),
  supported(
    "aip-go",
    String.raw`msg != "\a\b\f\n\r\t\v\'\"\\\? Legal escapes"`,
    String.raw`msg != "\u0007\u0008\u000c\u000a\u000d\u0009\u000b'\u0022\u005c? Legal escapes"`,
  ),
  supported("aip-go", `msg != "[ 'hello' ]"`),
  supported("aip-go", String.raw`msg != "[ \'hello\' ]"`, `msg != "[ 'hello' ]"`),
  supported("aip-go", String.raw`msg != "[ \"hello\" ]"`, String.raw`msg != "[ \u0022hello\u0022 ]"`),
  byDesign("aip-go", "1 > 0", LITERAL_LEFT),
  byDesign("aip-go", "2.5 >= 2.4", LITERAL_LEFT),
  supported("aip-go", "foo >= -2.4"),
  supported("aip-go", "foo >= (-2.4)", "foo >= -2.4"),
  byDesign("aip-go", "-2.5 >= -2.4", LITERAL_LEFT),
  byDesign("aip-go", "yesterday < request.time", FIELDS),
  forNow("aip-go", "experiment.rollout <= cohort(request.user)", FUNCTION),
  byDesign("aip-go", "prod", GLOBAL),
  byDesign("aip-go", "expr.type_map.1.type", GLOBAL),
  forNow("aip-go", "regex(m.key, '^.*prod.*$')", FUNCTION),
  forNow("aip-go", "math.mem('30mb')", FUNCTION),
  forNow("aip-go", "(msg.endsWith('world') AND retries < 10)", FUNCTION),
  forNow("aip-go", "(endsWith(msg, 'world') AND retries < 10)", FUNCTION),
  forNow("aip-go", "time.now()", FUNCTION),
  forNow("aip-go", 'timestamp("2012-04-21T11:30:00-04:00")', FUNCTION),
  forNow("aip-go", 'duration("32s")', FUNCTION),
  forNow("aip-go", 'duration("4h0m0s")', FUNCTION),
  forNow(
    "aip-go",
    'start_time > timestamp("2006-01-02T15:04:05+07:00") AND (driver = "driver1" OR start_driver = "driver1" OR end_driver = "driver1")',
    FUNCTION,
  ),
  supported("aip-go", "annotations:schedule", 'annotations:"schedule"'),
  supported("aip-go", 'annotations.schedule = "test"'),
  invalid("aip-go", "<"),
  invalid("aip-go", "(-2.5) >= -2.4"),
  invalid("aip-go", 'a = "foo'),
  invalid("aip-go", "invalid = foo\u00a0\u0001bar"),

  // LUCI-derived aip160 parser
  supported("luci", "a = 1"),
  byDesign("luci", "chair", GLOBAL),
  supported("luci", "a = 'x'", 'a = "x"'),
  supported("luci", "a > -30"),
  supported("luci", "-a = 1", "NOT (a = 1)"),
  invalid("luci", "a ! b"),
  invalid("luci", "a = !"),
  invalid("luci", "a = "),
  invalid("luci", "a = 1 AND "),
  invalid("luci", "NOT "),
  invalid("luci", "(a = 1"),
  invalid("luci", "()"),
  invalid("luci", "a)"),
  invalid("luci", "a. = 1"),
  invalid("luci", String.raw`a = "\q"`),
  supported("luci", String.raw`a = "x\*y"`, 'a = "x*y"'),
  supported("luci", "a = 'xy'", 'a = "xy"'),
  invalid("luci", "a = '"),
  supported("luci", "price >= 12.5"),
  supported("luci", "a != 1 AND b < 2 AND c <= 3 AND d > 4", "(a != 1) AND (b < 2) AND (c <= 3) AND (d > 4)"),
  supported("luci", "value = -9223372036854775808"),
  supported("luci", "value = 18446744073709551615"),
  supported("luci", "total > -30"),
  supported("luci", String.raw`name = "line\n世界"`, String.raw`name = "line\u000a\u4e16\u754c"`),
  byDesign("luci", String.raw`"a\"b"`, GLOBAL),
  byDesign("luci", String.raw`'it\'s'`, GLOBAL),
  byDesign("luci", `'a"b'`, GLOBAL),
  supported("luci", String.raw`name = "a\*b"`, 'name = "a*b"'),
  byDesign("luci", '"and"', GLOBAL),
  supported("luci", "a = 1 OR b = 2 AND c = 3", "(a = 1 OR b = 2) AND c = 3"),
  byDesign("luci", '"blue" "chair"', GLOBAL),
  supported("luci", "-deleted = true", "NOT (deleted = true)"),
  supported("luci", "NOT (active = false OR deleted = null)"),
  supported("luci", "state = active", 'state = "active"'),
  supported("luci", "(a = 1)", "a = 1"),
  byDesign("luci", "a ", GLOBAL),
  forNow("luci", 'labels.* = "value"', "a field wildcard"),
  byDesign("luci", "1e+2", GLOBAL),
  supported("luci", 'tags:"blue"'),
  supported("luci", "tags:blue", 'tags:"blue"'),
  supported("luci", 'metadata.tags:"blue"'),
  supported("luci", 'NOT tags:"blue"', 'NOT (tags:"blue")'),
  byDesign("luci", String.raw`'a\?b'`, GLOBAL),
  supported("luci", "value = 18446744073709551616"),
  invalid("luci", "value = 1e"),
  byDesign("luci", "a = 1 and b = 2", undefined, "Keywords are uppercase (AIP-160): write AND."),
  forNow("luci", "labels.*.value = 1", "a field wildcard"),
  supported("luci", 'NOT NOT name = "x"', 'name = "x"'),
  forNow("luci", "distance(location, point) < 10", FUNCTION),
  invalid("luci", "age = ,"),
  invalid("luci", ","),
  invalid("luci", "a = 1, b = 2"),
  invalid("luci", "active ! true"),
  invalid("luci", "-"),
  invalid("luci", "a = 1 AND )"),
  invalid("luci", "a ("),
  invalid("luci", "a = 1 OR "),
  invalid("luci", "a = 1 OR )"),
  forNow("luci", "wait < 2h", undefined, "Quote text that starts with a digit"),
  byDesign("luci", `${"(".repeat(70)}a = 1${")".repeat(70)}`, undefined, "nest at most 64 levels deep"),

  // The text of AIP-160
  supported("aip", 'a = "foo"'),
  supported("aip", 'a != "foo"'),
  supported("aip", "a < 10"),
  supported("aip", "a.b = true"),
  supported("aip", "r:42"),
  supported("aip", "r.foo:42"),
  supported("aip", "m:foo", 'm:"foo"'),
  supported("aip", "m.foo:*"),
  supported("aip", "m.foo:42"),
  supported("aip", "NOT a = 1", "NOT (a = 1)"),
  supported("aip", "a = 1 AND b = 2 OR c = 3", "a = 1 AND (b = 2 OR c = 3)"),
  supported("aip", 'a = "*.foo"', 'a = "*.foo"'),
  byDesign("aip", "a", GLOBAL),

  // Issue 9
  supported("issue", "seq = 2 OR seq = 1 AND seq = 1", "(seq = 2 OR seq = 1) AND seq = 1"),
  supported("issue", "state = ACTIVE", 'state = "ACTIVE"'),
  supported("issue", "labels.env = prod", 'labels.env = "prod"'),
  supported("issue", "owner.tier = gold", 'owner.tier = "gold"'),
  supported("issue", "a = b", 'a = "b"'),
  supported("issue", "active = true AND deleted = null AND price = 12.5", "(active = true) AND (deleted = null) AND (price = 12.5)"),
  supported("issue", 'email = "*@example.com"'),
  supported("issue", 'name = "Ada*"'),
  supported("issue", 'name = "*lov*"'),
  supported("issue", 'name = "*"'),
  supported("issue", 'email != "*@example.com"'),
  supported("issue", 'name = "100%*"'),
  supported("issue", 'name = "*_x"'),
  supported("issue", "a = 1 b = 2", "(a = 1) AND (b = 2)"),
  supported("issue", "a = 1 b = 2 OR c = 3", "(a = 1) AND (b = 2 OR c = 3)"),
  supported("issue", "tags:red", 'tags:"red"'),
  supported("issue", "labels:env", 'labels:"env"'),
  supported("issue", String.raw`msg = "\303\277"`, 'msg = "Ã¿"'),
  supported("issue", String.raw`msg = "\xC3\xBF"`, 'msg = "Ã¿"'),
  supported("issue", String.raw`msg = "\U0001F600"`, 'msg = "😀"'),
  supported("issue", String.raw`msg = "\a\v\?"`, String.raw`msg = "\u0007\u000b?"`),
  supported("issue", "foo >= (-2.4)", "foo >= -2.4"),
  supported("issue", "foo < ((3))", "foo < 3"),
  byDesign("issue", "New York Giants", GLOBAL),
  forNow("issue", 'x.endsWith("a")', FUNCTION),
  byDesign("issue", "a = (1 OR 2)", "an expression as a value"),
  byDesign("issue", 'name < "Ada*"', "a wildcard with <"),
];
