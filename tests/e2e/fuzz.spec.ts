import fc from "fast-check";
import { expect, test } from "./fixtures";
import { actionPages, allActionIds } from "./actions";
import { baseURL, openDatabase } from "./helpers";

// Thousands of generated requests against the production build: odd paths, every method,
// forged and duplicated cookies, real and fake server-action ids, bodies Next.js must
// decode. None may answer 5xx, and none may change a user, an order or a stock level.
// The seed is fixed, so a failure replays exactly; FUZZ_SEED and FUZZ_RUNS vary a run.

const SEED = Number(process.env.FUZZ_SEED ?? 20260311);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);
const CONCURRENCY = 6;

type FuzzRequest = { method: string; path: string; headers: Record<string, string>; body?: string };

const printable = fc.string({ unit: fc.mapToConstant({ num: 95, build: (i) => String.fromCharCode(32 + i) }), maxLength: 24 });
const segment = fc.oneof(fc.webSegment(), fc.constantFrom("x", "%", "%00", "%2e%2e", "..", "a.svg", "😀", "_rsc", "[slug]"));
const hexId = fc.stringMatching(/^[0-9a-f]{40,42}$/);

const path = fc.oneof(
  fc.constantFrom(
    "/", "/products/ceramic-mug", "/products/pour-over-kettle", "/products/x.svg", "/products/nope", "/cart",
    "/checkout", "/orders", "/orders/abc", "/account/sessions", "/login", "/register", "/api/health",
    "/api/auth/session", "/api/auth/csrf", "/api/auth/providers", "/api/auth/signin", "/api/auth/signout",
    "/api/auth/error?error=Configuration", "/_next/staticfoo", "/_next/imagefoo", "/_next/image?url=%2Ficon.svg&w=64&q=75",
    "/nope.svg", "/icon.svg", "/favicon.ico", "/login?next=//evil.example", "/login?next=%2F%5Cevil",
  ),
  segment.map((x) => `/api/auth/${x}`),
  segment.map((x) => `/api/auth/callback/${x}`),
  segment.map((x) => `/api/auth/signin/${x}`),
  segment.map((x) => `/products/${x}`),
  fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join("/")}`),
);

const token = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);
const cookie = fc
  .array(
    fc.oneof(
      token.map((t) => `shop_session=${t}`),
      printable.map((v) => `shop_session=${v}`),
      token.map((t) => `__Host-shop_session=${t}`),
      fc.constant("authjs.callback-url=%"),
      printable.map((v) => `authjs.csrf-token=${v}`),
      fc.tuple(fc.webSegment(), printable).map(([name, value]) => `${name || "c"}=${value}`),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((pairs) => pairs.join("; "));

// Reply bodies in React's format (what a fetch to a server action carries), plain junk,
// and the shapes that once made Next.js answer 500.
const deep = fc.integer({ min: 1, max: 5000 }).map((n) => "[".repeat(n) + "]".repeat(n));
const reply = fc.oneof(
  fc.constant('["$undefined","$K1"]'),
  fc.constantFrom('["$@5"]', '["$5"]', '["$Q2"]', '["$B1"]', '["$h1"]', '{"a":1}', "[]", "null", '["$undefined",{"a":1}]'),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  deep,
  printable,
);

function multipart(boundary: string, fields: [string, string][]): string {
  return fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("") + `--${boundary}--\r\n`;
}
const formFields = fc.array(
  fc.tuple(fc.oneof(fc.constantFrom("0", "1", "1_slug", "1_quantity", "1_itemId", "$ACTION_REF_1", "$ACTION_1:0", "$ACTION_1:1", "$ACTION_KEY"), fc.webSegment()), fc.oneof(reply, printable)),
  { maxLength: 5 },
);

const body = fc.oneof(
  fc.record({ type: fc.constant("text/plain;charset=UTF-8"), body: reply }),
  fc.record({ type: fc.constant("multipart/form-data; boundary=fuzz"), body: formFields.map((fields) => multipart("fuzz", fields)) }),
  fc.record({ type: fc.constant("multipart/form-data"), body: formFields.map((fields) => multipart("fuzz", fields)) }),
  fc.record({ type: fc.constantFrom("application/x-www-form-urlencoded", "application/json", "text/plain"), body: printable }),
  // Over the 1 MB server-action limit, now and then.
  fc.record({ type: fc.constant("text/plain;charset=UTF-8"), body: fc.constant(`["${"a".repeat(1024 * 1024 + 16)}"]`) }),
);

const origin = () => new URL(baseURL()).origin;

// A real action posted to a page that serves it, with arguments of any shape: what a
// hand-made client (or an attacker) can send where the browser would send FormData.
function actionCalls(): fc.Arbitrary<FuzzRequest> {
  return fc.record({ page: fc.constantFrom(...actionPages), body: fc.oneof(body, fc.record({ type: fc.constant("text/plain;charset=UTF-8"), body: reply })) }).map(
    ({ page, body }) => ({
      method: "POST",
      path: page.path,
      headers: { "next-action": page.id, origin: origin(), "content-type": body.type },
      body: body.body,
    }),
  );
}

function requests(): fc.Arbitrary<FuzzRequest> {
  return fc.oneof({ arbitrary: anyRequests(), weight: 4 }, { arbitrary: actionCalls(), weight: 1 });
}

function anyRequests(): fc.Arbitrary<FuzzRequest> {
  return fc
    .record(
      {
        method: fc.constantFrom("GET", "GET", "GET", "POST", "POST", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"),
        path,
        action: fc.option(fc.oneof(fc.constantFrom(...allActionIds), hexId, printable), { nil: undefined }),
        cookie: fc.option(cookie, { nil: undefined }),
        body: fc.option(body, { nil: undefined }),
        origin: fc.constantFrom(origin(), origin(), "https://evil.example", "null", undefined),
        extra: fc.dictionary(fc.constantFrom("rsc", "next-router-prefetch", "next-router-state-tree", "accept", "x-forwarded-for", "x-forwarded-proto", "sec-fetch-site"), printable, { maxKeys: 3 }),
      },
      { requiredKeys: ["method", "path", "extra", "origin"] },
    )
    .map(({ method, path, action, cookie, body, origin, extra }) => {
      const headers: Record<string, string> = { ...extra };
      if (action !== undefined) headers["next-action"] = action;
      if (cookie !== undefined) headers.cookie = cookie;
      if (origin !== undefined) headers.origin = origin;
      const hasBody = body !== undefined && !["GET", "HEAD"].includes(method);
      if (hasBody) headers["content-type"] = body.type;
      return { method, path, headers, body: hasBody ? body.body : undefined };
    });
}

function snapshot(): Record<string, unknown[]> {
  const db = openDatabase();
  try {
    return {
      User: db.prepare(`SELECT id, email, role, passwordHash FROM "User" ORDER BY id`).all(),
      Order: db.prepare(`SELECT * FROM "Order" ORDER BY id`).all(),
      OrderItem: db.prepare(`SELECT * FROM "OrderItem" ORDER BY id`).all(),
      Product: db.prepare(`SELECT id, slug, stock, priceCents FROM "Product" ORDER BY id`).all(),
    };
  } finally {
    db.close();
  }
}

async function send(request: FuzzRequest): Promise<number | string> {
  try {
    // Joined as text: new URL("//x", base) would be another host, and "//x" is a path to try.
    const response = await fetch(`${baseURL()}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(15_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    return `no answer (${(error as Error).message})`;
  }
}

test("generated requests never answer 5xx and change no user, order or stock", async () => {
  test.setTimeout(240_000);
  const before = snapshot();
  const cases = fc.sample(requests(), { seed: SEED, numRuns: RUNS });

  const failures: string[] = [];
  for (let i = 0; i < cases.length; i += CONCURRENCY) {
    const batch = cases.slice(i, i + CONCURRENCY);
    const statuses = await Promise.all(batch.map(send));
    statuses.forEach((status, j) => {
      if (typeof status === "number" && status < 500) return;
      const { method, path, headers, body } = batch[j]!;
      failures.push(`#${i + j} ${status} ${method} ${path} ${JSON.stringify(headers)} body=${JSON.stringify(body?.slice(0, 120))}`);
    });
  }

  await test.info().attach("5xx", { body: failures.join("\n") || "none", contentType: "text/plain" });
  expect.soft(failures, `${failures.length} of ${cases.length} requests failed (seed ${SEED})`).toEqual([]);
  expect(snapshot()).toEqual(before);
});
