import fc from "fast-check";
import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";
import { describe, expect, it } from "vitest";
import { safeReturnPath } from "@/lib/auth/return-path";
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH, registerSchema, signInSchema } from "@/lib/auth/validation";
import { nestingDepth } from "@/lib/http/action-request";
import { deviceFromHeaders } from "@/lib/http/device";
import { isHttps } from "@/lib/http/https";
import { sessionCookie } from "@/lib/session/cookie";
import { generateSessionToken, isWellFormedToken } from "@/lib/session/token";
import { addToCartSchema, MAX_LINE_QUANTITY, removeLineSchema, updateLineSchema } from "@/lib/shop/cart";
import { productSlugSchema } from "@/lib/shop/catalog";
import { checkoutSchema, shippingSchema } from "@/lib/shop/checkout";
import { recordIdSchema } from "@/lib/record-id";

// Properties over every boundary that reads untrusted input: whatever arrives, parsing
// never throws (a throw in an action is a 500), and whatever is accepted satisfies the
// rules the rest of the code relies on. A fixed seed makes a failure replay exactly.
fc.configureGlobal({ seed: 20260311, numRuns: 400 });

// Form fields arrive as strings, but an action can be called with anything at all.
const anyField = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.integer().map(String), fc.anything());
const anyFields = (...names: string[]) =>
  fc.oneof(fc.record(Object.fromEntries(names.map((name) => [name, anyField])), { requiredKeys: [] }), fc.anything());

const emailLike = fc.oneof(fc.emailAddress(), fc.emailAddress().map((email) => ` ${email.toUpperCase()} `), fc.string());
const isTrimmedLower = (value: string) => value === value.trim().toLowerCase();

describe("sign-in and registration", () => {
  it("signInSchema never throws; accepted emails are trimmed lower-case, passwords within bounds", () => {
    fc.assert(
      fc.property(fc.oneof(anyFields("email", "password"), fc.record({ email: emailLike, password: fc.string() })), (input) => {
        const parsed = signInSchema.safeParse(input);
        if (!parsed.success) return;
        expect(isTrimmedLower(parsed.data.email)).toBe(true);
        expect(parsed.data.email.length).toBeLessThanOrEqual(254);
        expect(parsed.data.email).toContain("@");
        expect(parsed.data.password.length).toBeGreaterThanOrEqual(1);
        expect(parsed.data.password.length).toBeLessThanOrEqual(1024);
      }),
    );
  });

  it("registerSchema never throws; accepted passwords fit bcrypt and names are trimmed", () => {
    const password = fc.oneof(fc.string({ minLength: 10, maxLength: 80 }), fc.string({ unit: "grapheme", minLength: 10, maxLength: 40 }));
    fc.assert(
      fc.property(fc.oneof(anyFields("name", "email", "password"), fc.record({ name: fc.string(), email: emailLike, password })), (input) => {
        const parsed = registerSchema.safeParse(input);
        if (!parsed.success) return;
        expect(isTrimmedLower(parsed.data.email)).toBe(true);
        expect(parsed.data.name).toBe(parsed.data.name.trim());
        expect(parsed.data.name.length).toBeGreaterThanOrEqual(1);
        expect(parsed.data.name.length).toBeLessThanOrEqual(100);
        expect(parsed.data.password.length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
        expect(Buffer.byteLength(parsed.data.password, "utf8")).toBeLessThanOrEqual(PASSWORD_MAX_BYTES);
      }),
    );
  });
});

describe("cart and catalog", () => {
  const quantity = fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), fc.double().map(String), fc.string(), fc.constant("1e1"), fc.constant(" 3 "));
  const slug = fc.oneof(fc.stringMatching(/^[a-z0-9-]{0,12}$/), fc.string());

  it("addToCartSchema and updateLineSchema: a parsed quantity is an integer in range", () => {
    fc.assert(
      fc.property(fc.oneof(anyFields("slug", "quantity", "itemId"), fc.record({ slug, quantity, itemId: fc.string() })), (input) => {
        const add = addToCartSchema.safeParse(input);
        if (add.success) {
          expect(Number.isInteger(add.data.quantity)).toBe(true);
          expect(add.data.quantity).toBeGreaterThanOrEqual(1);
          expect(add.data.quantity).toBeLessThanOrEqual(MAX_LINE_QUANTITY);
          expect(add.data.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
        }
        const update = updateLineSchema.safeParse(input);
        if (update.success) {
          expect(Number.isInteger(update.data.quantity)).toBe(true);
          expect(update.data.quantity).toBeGreaterThanOrEqual(0);
          expect(update.data.quantity).toBeLessThanOrEqual(MAX_LINE_QUANTITY);
          expect(update.data.itemId.length).toBeGreaterThanOrEqual(1);
          expect(update.data.itemId.length).toBeLessThanOrEqual(64);
        }
        const remove = removeLineSchema.safeParse(input);
        if (remove.success) expect(remove.data.itemId.length).toBeLessThanOrEqual(64);
      }),
    );
  });

  it("productSlugSchema and recordIdSchema accept only URL-safe ids of bounded length", () => {
    fc.assert(
      fc.property(fc.oneof(slug, fc.anything()), (input) => {
        const product = productSlugSchema.safeParse(input);
        if (product.success) expect(product.data).toMatch(/^[a-z0-9-]{1,100}$/);
        const order = recordIdSchema.safeParse(input);
        if (order.success) expect(order.data).toMatch(/^[\w-]{1,64}$/);
      }),
    );
  });
});

describe("checkout", () => {
  const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.constant("  "), fc.stringMatching(/^[A-Za-z0-9 -]{0,20}$/));
  const address = fc.record({
    name: text,
    line1: text,
    line2: fc.option(text, { nil: undefined }),
    city: text,
    postalCode: text,
    country: text,
    idempotencyKey: fc.oneof(fc.uuid(), fc.string()),
  });
  const fields = ["name", "line1", "line2", "city", "postalCode", "country", "idempotencyKey"] as const;

  it("shippingSchema and checkoutSchema: accepted fields are trimmed, non-empty and bounded", () => {
    fc.assert(
      fc.property(fc.oneof(address, anyFields(...fields)), (input) => {
        for (const schema of [shippingSchema, checkoutSchema]) {
          const parsed = schema.safeParse(input);
          if (!parsed.success) continue;
          for (const key of ["name", "line1", "city", "country"] as const) {
            expect(parsed.data[key]).toBe(parsed.data[key].trim());
            expect(parsed.data[key].length).toBeGreaterThan(0);
            expect(parsed.data[key].length).toBeLessThanOrEqual(200);
          }
          // An empty second line is stored as "none", never as "".
          expect(parsed.data.line2 === undefined || parsed.data.line2.length > 0).toBe(true);
          expect(parsed.data.postalCode).toMatch(/^[A-Za-z0-9][A-Za-z0-9 -]{1,15}$/);
        }
        const checkout = checkoutSchema.safeParse(input);
        if (checkout.success) expect(checkout.data.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/i);
      }),
    );
  });
});

describe("safeReturnPath", () => {
  const tricky = fc.constantFrom("/", "//", "/\\", "\\", "/%2f", "/%5c", "/./", "/../", "http:", "https://evil.example", "\t", "\n", "@", "#", "?", ".");
  const pathLike = fc.array(fc.oneof(tricky, fc.string({ maxLength: 6 }), fc.webSegment()), { maxLength: 8 }).map((parts) => parts.join(""));

  it("always returns a same-site path with one leading slash", () => {
    fc.assert(
      fc.property(fc.oneof(pathLike, fc.webUrl(), fc.string(), fc.anything()), (input) => {
        const result = safeReturnPath(input);
        expect(result.startsWith("/")).toBe(true);
        expect(result.startsWith("//")).toBe(false);
        expect(result.startsWith("/\\")).toBe(false);
        expect(result).not.toMatch(/[\u0000-\u001f\u007f]/);
        // What a browser would do with it: stay on this origin.
        expect(new URL(result, "https://shop.example").origin).toBe("https://shop.example");
        // Already safe values pass through unchanged.
        expect(safeReturnPath(result)).toBe(result);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("session token and cookie parsing", () => {
  it("isWellFormedToken never throws and accepts exactly 43 base64url characters", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{40,46}$/), fc.anything()), (value) => {
        expect(isWellFormedToken(value)).toBe(typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value));
      }),
    );
    for (let i = 0; i < 50; i++) expect(isWellFormedToken(generateSessionToken())).toBe(true);
  });

  const cookiePair = fc.tuple(
    fc.oneof(fc.constantFrom("shop_session", "__Host-shop_session", "authjs.callback-url", "authjs.csrf-token"), fc.string({ maxLength: 12 })),
    fc.oneof(fc.string({ maxLength: 60 }), fc.constant("%"), fc.constant(generateSessionToken())),
  );
  const cookieHeader = fc.oneof(
    fc.array(cookiePair, { maxLength: 6 }).map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join("; ")),
    fc.string(),
  );

  it("reading the session cookie from any Cookie header never throws, and only a well-formed token is trusted", () => {
    fc.assert(
      fc.property(cookieHeader, fc.boolean(), (header, secure) => {
        const headers = new Headers();
        try {
          headers.set("cookie", header);
        } catch {
          return; // not a legal header value: no client can send it
        }
        const value = new RequestCookies(headers).get(sessionCookie(secure).name)?.value;
        expect(value === undefined || typeof value === "string").toBe(true);
        if (isWellFormedToken(value)) expect(value).toHaveLength(43);
      }),
    );
  });

  it("finds a single session cookie among any others", () => {
    fc.assert(
      fc.property(fc.array(cookiePair.filter(([name]) => !name.includes("shop_session") && /^[\w.-]+$/.test(name)), { maxLength: 4 }), (others) => {
        const token = generateSessionToken();
        const header = [...others.map(([name, value]) => `${name}=${encodeURIComponent(value)}`), `shop_session=${token}`].join("; ");
        expect(new RequestCookies(new Headers({ cookie: header })).get("shop_session")?.value).toBe(token);
      }),
    );
  });

  it("client info and the HTTPS decision never throw on arbitrary headers", () => {
    const headerValue = fc.string({ maxLength: 600 }).filter((value) => !/[\r\n\0]/.test(value));
    fc.assert(
      fc.property(headerValue, headerValue, headerValue, (forwardedFor, userAgent, proto) => {
        const headers = new Headers();
        try {
          headers.set("x-forwarded-for", forwardedFor);
          headers.set("user-agent", userAgent);
          headers.set("x-forwarded-proto", proto);
        } catch {
          return;
        }
        const info = deviceFromHeaders(headers);
        expect(info.userAgent === null || info.userAgent.length <= 512).toBe(true);
        expect(info.ipAddress === null || /^[0-9a-f.:]+$/i.test(info.ipAddress)).toBe(true);
        // Reached directly, no header makes the request count as HTTPS.
        expect(isHttps(headers, { publicUrl: undefined, trustedProxies: 0 })).toBe(false);
        expect(typeof isHttps(headers, { publicUrl: undefined, trustedProxies: 1 })).toBe("boolean");
      }),
    );
  });
});

describe("action body nesting scan", () => {
  it("agrees with the real nesting depth of any JSON value", () => {
    const depthOf = (value: unknown): number =>
      Array.isArray(value)
        ? 1 + Math.max(0, ...value.map(depthOf))
        : value !== null && typeof value === "object"
          ? 1 + Math.max(0, ...Object.values(value).map(depthOf))
          : 0;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(nestingDepth(JSON.stringify(value))).toBe(depthOf(value));
      }),
    );
  });
});
