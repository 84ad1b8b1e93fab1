// Save-time checking of Handlebars sources: syntax, variables and helpers, each problem with
// line and column. Send time never meets a template that has not passed here.
import { BUILTIN_BLOCK_HELPERS, HELPER_NAMES, hbs as handlebarsEnv } from "./helpers.ts";
import { KNOWN_VARIABLES, MERGE_COLUMN_PATTERN } from "./context.ts";
import type { TemplateProblem } from "./schema.ts";

type Node = hbs.AST.Node;
type Program = hbs.AST.Program;
type Expression = hbs.AST.Expression;
type PathExpression = hbs.AST.PathExpression;

/** Where inside a block the names resolve: at the root, inside an object (`#with member`), or inside custom data. */
type Scope = { kind: "root" } | { kind: "object"; prefix: string } | { kind: "open" };

type Where = Pick<TemplateProblem, "channel" | "language" | "field">;

interface JisonHash {
  loc?: { first_line: number; first_column: number };
}

/** Parses, reporting syntax errors with line and column (Handlebars only puts the line in its message). */
export function parseHandlebars(source: string, where: Where): { ast: Program | null; problems: TemplateProblem[] } {
  const parser = (handlebarsEnv as unknown as { Parser: unknown }).Parser as { parseError: (message: string, hash: JisonHash) => never };
  const original = parser.parseError;
  // The generated parser throws a bare Error; keep its position hash. Synchronous, so the swap
  // cannot leak into another caller.
  parser.parseError = (message, hash) => {
    throw Object.assign(new Error(message), { hash });
  };
  try {
    return { ast: handlebarsEnv.parse(source), problems: [] };
  } catch (error) {
    const e = error as Error & { hash?: JisonHash; lineNumber?: number; column?: number };
    const line = e.hash?.loc?.first_line ?? e.lineNumber ?? lineFromMessage(e.message);
    const column = e.hash?.loc ? e.hash.loc.first_column + 1 : e.column !== undefined ? e.column + 1 : undefined;
    // Jison's message repeats a 40-character excerpt; keep only what it expected and got.
    let message = (e.message.split("\n").find((l) => l.startsWith("Expecting")) ?? e.message).replace(/ - \d+:\d+$/, "");
    if (/got 'EOF'/.test(message)) message += ": a block opened here is never closed ({{/…}} missing)";
    return { ast: null, problems: [{ ...where, line, column, message: `Handlebars syntax error: ${message}` }] };
  } finally {
    parser.parseError = original;
  }
}

function lineFromMessage(message: string): number | undefined {
  const m = /line (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** Checks syntax, variables and helpers. Returns the AST when it parsed. */
export function checkHandlebars(source: string, where: Where): { ast: Program | null; problems: TemplateProblem[] } {
  const parsed = parseHandlebars(source, where);
  if (!parsed.ast) return parsed;
  const problems: TemplateProblem[] = [];
  const report = (node: Node, message: string) =>
    problems.push({ ...where, line: node.loc.start.line, column: node.loc.start.column + 1, message });

  const checkPath = (path: PathExpression, scopes: Scope[]) => {
    if (path.data) {
      const [head, ...rest] = path.parts;
      if (path.original.startsWith("@root")) {
        if (!isKnownRootPath(rest)) report(path, unknownVariable(rest.join(".")));
      } else if (!["index", "first", "last", "key"].includes(head ?? "") || rest.length > 0) {
        report(path, `unknown data variable "${path.original}"`);
      } else if (!scopes.some((s) => s.kind === "open")) {
        report(path, `"${path.original}" only has a meaning inside {{#each}}`);
      }
      return;
    }
    const scope = scopes[scopes.length - 1 - path.depth];
    if (!scope) return report(path, `"${path.original}" climbs above the template's root`);
    if (scope.kind === "open") return; // custom data: any field
    const parts = scope.kind === "object" ? [scope.prefix, ...path.parts] : path.parts;
    if (!isKnownRootPath(parts)) report(path, unknownVariable(parts.join(".") || path.original));
  };

  const checkExpression = (expr: Expression, scopes: Scope[]) => {
    switch (expr.type) {
      case "PathExpression":
        return checkPath(expr as PathExpression, scopes);
      case "SubExpression":
        return checkCall(expr as hbs.AST.SubExpression, scopes, false);
      default:
        return; // literals
    }
  };

  const checkCall = (
    call: { path: PathExpression | Expression; params: Expression[]; hash?: hbs.AST.Hash | null },
    scopes: Scope[],
    mayBeVariable: boolean,
  ) => {
    const path = call.path as PathExpression;
    const name = path.type === "PathExpression" ? path.original : "";
    const hasArgs = call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0;
    if (HELPER_NAMES.has(name)) {
      // fine: one of ours
    } else if (BUILTIN_BLOCK_HELPERS.has(name)) {
      report(path, `"${name}" is a block helper: use {{#${name} …}}…{{/${name}}}`);
    } else if (hasArgs || !mayBeVariable) {
      report(path, `unknown helper "${name}"${suggest(name, [...HELPER_NAMES])} (helpers: ${[...HELPER_NAMES].join(", ")})`);
    } else {
      checkPath(path, scopes);
    }
    for (const param of call.params) checkExpression(param, scopes);
    for (const pair of call.hash?.pairs ?? []) checkExpression(pair.value, scopes);
  };

  const scopeFor = (block: hbs.AST.BlockStatement, scopes: Scope[]): Scope | null => {
    const name = (block.path as PathExpression).original;
    if (name !== "each" && name !== "with") return null;
    const target = block.params[0];
    if (!target || target.type !== "PathExpression") {
      report(block, `{{#${name}}} needs a variable to work on`);
      return { kind: "open" };
    }
    const path = target as PathExpression;
    const current = scopes[scopes.length - 1 - path.depth];
    if (current?.kind === "open") return { kind: "open" };
    const parts = current?.kind === "object" ? [current.prefix, ...path.parts] : path.parts;
    if (parts[0] === "data") return { kind: "open" };
    if (name === "with" && parts.length === 1 && isObjectName(parts[0]!)) return { kind: "object", prefix: parts[0]! };
    report(path, `{{#${name}}} works on data.* fields${name === "with" ? " or on member, employment, geo, campaign, links" : ""}`);
    return { kind: "open" };
  };

  const walk = (program: Program | null | undefined, scopes: Scope[]) => {
    for (const node of program?.body ?? []) {
      switch (node.type) {
        case "ContentStatement":
        case "CommentStatement":
          break;
        case "MustacheStatement": {
          const m = node as hbs.AST.MustacheStatement;
          if (!m.escaped) report(m, "unescaped output ({{{…}}} or {{&…}}) is not allowed: values are always escaped");
          checkCall(m, scopes, true);
          break;
        }
        case "BlockStatement": {
          const b = node as hbs.AST.BlockStatement;
          const name = (b.path as PathExpression).original;
          if (!BUILTIN_BLOCK_HELPERS.has(name)) {
            report(b.path, `unknown block helper "${name}" (block helpers: ${[...BUILTIN_BLOCK_HELPERS].join(", ")})`);
            break;
          }
          for (const param of b.params) checkExpression(param, scopes);
          const inner = scopeFor(b, scopes);
          walk(b.program, inner ? [...scopes, inner] : scopes);
          walk(b.inverse, scopes);
          break;
        }
        case "PartialStatement":
        case "PartialBlockStatement":
          report(node, "partials ({{> …}}) are not available in templates");
          break;
        case "DecoratorBlock":
        case "Decorator":
          report(node, "decorators are not available in templates");
          break;
        default:
          report(node, `unsupported Handlebars construct ${node.type}`);
      }
    }
  };

  walk(parsed.ast, [{ kind: "root" }]);
  return { ast: parsed.ast, problems };
}

const OBJECT_NAMES = new Set([...KNOWN_VARIABLES].map((v) => v.split(".")[0]!));
const isObjectName = (name: string) => OBJECT_NAMES.has(name);

function isKnownRootPath(parts: string[]): boolean {
  if (parts[0] === "data") return true;
  // ── merge data: merge.<column>, a column of the file attached to the campaign (checked when it is scheduled) ──
  if (parts[0] === "merge") return parts.length === 2 && MERGE_COLUMN_PATTERN.test(parts[1]!);
  return KNOWN_VARIABLES.has(parts.join("."));
}

function unknownVariable(name: string): string {
  // ── merge data ──
  if (name === "merge" || name.startsWith("merge.")) {
    return `"${name}" is not a merge column: write merge.<column> with the column named as in the file's header, lowercased (letters a–z, digits and _, starting with a letter)`;
  }
  return `unknown variable "${name}"${suggest(name, [...KNOWN_VARIABLES])} (variables: ${[...KNOWN_VARIABLES].join(", ")}, data.*, merge.*)`;
}

function suggest(name: string, candidates: string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = levenshtein(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best && bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? `; did you mean "${best}"?` : "";
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}


// ── merge data ──
/**
 * The merge columns a Handlebars source reads (`merge.x`, `@root.merge.x`), so scheduling can
 * refuse a campaign whose attached file lacks one. A source that does not parse reads none
 * (it could not have been saved).
 */
export function mergeColumnsUsed(source: string): Set<string> {
  const used = new Set<string>();
  const parsed = parseHandlebars(source, { channel: "template", language: null, field: "" });
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    const path = node as Partial<PathExpression>;
    if (path.type === "PathExpression" && Array.isArray(path.parts)) {
      const parts = path.data && path.original?.startsWith("@root") ? path.parts.slice(1) : path.data ? [] : path.parts;
      if (parts[0] === "merge" && parts[1] !== undefined) used.add(parts[1]);
    }
    for (const [key, value] of Object.entries(node)) if (key !== "loc") visit(value);
  };
  visit(parsed.ast);
  return used;
}
// ── end merge data ──
