// Server-action requests that Next.js itself cannot decode. Next reads an action's body
// before any app code runs, and a body it cannot read (too large, a multipart body without
// a boundary, JSON nested thousands of levels deep, a reference to a part that was never
// sent) ends as a 500 with nothing the app can catch. proxy.ts asks this module first and
// answers such requests with a 4xx, so they are refused before they touch anything.
import { NextResponse } from "next/server";

/** Next's default `serverActions.bodySizeLimit` (1 MB); next.config.ts does not change it. */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

/** Real action payloads nest a few levels; React's decoder recurses once per level. */
export const MAX_ACTION_NESTING = 32;

// Next treats a POST as a possible action when it names one in the Next-Action header
// (a fetch from React) or carries multipart form data (a form posted before hydration).
export function isActionRequest(method: string, headers: Headers): boolean {
  if (method !== "POST") return false;
  return headers.has("next-action") || isMultipart(headers.get("content-type"));
}

export async function refuseMalformedAction(request: Request): Promise<NextResponse | null> {
  if (!isActionRequest(request.method, request.headers)) return null;

  const declaredLength = Number(request.headers.get("content-length") ?? 0);
  if (declaredLength > ACTION_BODY_LIMIT_BYTES) return tooLarge();

  const contentType = request.headers.get("content-type");
  // Stryker disable next-line StringLiteral: isMultipart is true only when the header is present, so the default is never read
  if (isMultipart(contentType) && !multipartBoundary(contentType ?? "")) {
    return refuse("A multipart body needs a boundary in its Content-Type.");
  }

  // A chunked body has no Content-Length, so the limit is enforced while reading. The
  // clone leaves the original body for Next.
  const body = await readAtMost(request.clone(), ACTION_BODY_LIMIT_BYTES);
  if (body === null) return tooLarge();

  const problem = isMultipart(contentType)
    ? await multipartProblem(
        body,
        // Stryker disable next-line StringLiteral: as above, the header is present here, so the default is never read
        contentType ?? "",
        request.headers.has("next-action"),
      )
    : replyProblem(
        new Map([["0", new TextDecoder().decode(body)]]),
        // Stryker disable next-line StringLiteral: the prefix only names file parts, and a text body has no form to hold any
        "",
        undefined,
        { argumentList: true },
      );
  return problem ? refuse(problem) : null;
}

function isMultipart(contentType: string | null): boolean {
  return contentType?.toLowerCase().startsWith("multipart/form-data") ?? false;
}

/** The boundary parameter (RFC 2046: 1 to 70 characters), or null. */
export function multipartBoundary(contentType: string): string | null {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(contentType);
  return match?.[1] ?? match?.[2] ?? null;
}

async function readAtMost(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: cancelling one branch of a cloned (teed) body settles only when the
      // other branch is cancelled too, and Next owns that one.
      reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  chunks.reduce((offset, chunk) => (body.set(chunk, offset), offset + chunk.byteLength), 0);
  return body;
}

async function multipartProblem(body: Uint8Array<ArrayBuffer>, contentType: string, isFetchAction: boolean): Promise<string | null> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return "The multipart body could not be parsed.";
  }
  // A fetch action's reply is rooted at field "0"; a form posted before hydration keeps
  // each bound action's reply under "$ACTION_<n>:".
  if (isFetchAction) return rowsProblem(form, "", { argumentList: true });
  for (const key of form.keys()) {
    if (!key.startsWith("$ACTION_REF_")) continue;
    const problem = rowsProblem(form, `$ACTION_${key.slice("$ACTION_REF_".length)}:`);
    if (problem) return problem;
  }
  return null;
}

function rowsProblem(form: FormData, prefix: string, options?: { argumentList?: boolean }): string | null {
  const rows = fieldsWithPrefix(form, prefix);
  return rows ? replyProblem(rows, prefix, form, options) : "A part of the action's arguments was sent twice.";
}

/**
 * The reply's model rows: fields named `<prefix><decimal id>`, keyed by that id. Null when
 * a row is sent twice: React decodes the first copy, so checking any one copy would let
 * the other through unchecked.
 */
function fieldsWithPrefix(form: FormData, prefix: string): Map<string, string> | null {
  const rows = new Map<string, string>();
  for (const [key, value] of form) {
    const id = key.slice(prefix.length);
    if (!key.startsWith(prefix) || !/^\d+$/.test(id) || typeof value !== "string") continue;
    if (rows.has(id)) return null;
    rows.set(id, value);
  }
  return rows;
}

// React's reply format (react-server-dom's parseModelString) gives meaning to strings that
// start with "$". The shop's forms send only these: "$$..." (an escaped "$"), "$undefined",
// "$K<hex>" (a FormData, whose entries are the fields "<prefix><hex>_<name>"), "$@<hex>"
// (the bound arguments of a form posted before hydration, in row <hex>) and "$B<hex>" (a
// file). Every other tag (Map, Set, BigInt, Date, typed arrays, iterators, server and
// temporary references, plain and path references to rows) decodes into a value no action
// of the shop takes, and several of them make React's decoder throw on crafted input, which
// Next answers with a 500. They are refused here instead, by allowlist.
const ESCAPED = "$$";
const UNDEFINED = "$undefined";
const FORM_DATA = "K";
const ROW = "@";
const FILE = "B";

/**
 * Why these rows cannot be decoded, or null when every row parses and every reference
 * resolves. A fetch action's root row is its argument list, always an array: Next calls
 * `action.apply(null, root)`, which throws on anything else.
 */
export function replyProblem(
  rows: Map<string, string>,
  prefix: string,
  form?: FormData,
  { argumentList = false }: { argumentList?: boolean } = {},
): string | null {
  const root = rows.get("0");
  if (root === undefined) return "The action's arguments are missing.";
  if (argumentList && !root.trimStart().startsWith("[")) return "The action's arguments must be a list.";
  for (const text of rows.values()) {
    if (nestingDepth(text) > MAX_ACTION_NESTING) return "The action's arguments are nested too deeply.";
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return "The action's arguments are not valid JSON.";
    }
    for (const reference of referencesIn(value)) {
      if (reference.startsWith(ESCAPED) || reference === UNDEFINED) continue;
      const tag = reference.charAt(1);
      const hex = reference.slice(2);
      if (![FORM_DATA, ROW, FILE].includes(tag) || !/^[0-9a-f]+$/i.test(hex)) {
        return "The action's arguments hold a kind of value no form of this shop sends.";
      }
      const id = String(parseInt(hex, 16));
      // A FormData's entries are optional (an empty form has none); a row or a file must be there.
      const found = tag === FORM_DATA || (tag === FILE ? form?.get(`${prefix}${id}`) instanceof Blob : rows.has(id));
      if (!found) return "The action's arguments refer to a part that is missing.";
    }
  }
  return null;
}

function* referencesIn(value: unknown): Generator<string> {
  if (typeof value === "string") {
    if (value.startsWith("$")) yield value;
  } else if (value instanceof Object) {
    // Arrays included: Object.values walks their items in order.
    for (const item of Object.values(value)) yield* referencesIn(item);
  }
}

/** Deepest bracket nesting, in one pass that skips brackets inside JSON strings. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  // Stryker disable next-line EqualityOperator: at i === text.length the char is undefined and matches no branch, so "<=" changes nothing
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "[" || char === "{") deepest = Math.max(deepest, ++depth);
    else if (char === "]" || char === "}") depth--;
  }
  return deepest;
}

function refuse(message: string): NextResponse {
  return new NextResponse(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

function tooLarge(): NextResponse {
  return new NextResponse(`A server action body may be at most ${ACTION_BODY_LIMIT_BYTES} bytes.`, {
    status: 413,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
