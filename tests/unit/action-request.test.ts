import { describe, expect, it } from "vitest";
import {
  ACTION_BODY_LIMIT_BYTES,
  MAX_ACTION_NESTING,
  multipartBoundary,
  nestingDepth,
  refuseMalformedAction,
} from "@/lib/http/action-request";
import { refuseMalformedRequest } from "@/lib/http/malformed-request";

// The requests below each made `next start` answer 500 before proxy.ts refused them
// (reproduced against the production build; tests/e2e/fuzz.spec.ts sends them for real).

const ACTION = "7f00000000000000000000000000000000000000aa";
const url = "http://shop.test/products/ceramic-mug";

function action(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request(url, { method: "POST", body, headers: { "Next-Action": ACTION, ...headers }, duplex: "half" } as RequestInit);
}

async function statusOf(request: Request): Promise<number | null> {
  return (await refuseMalformedAction(request))?.status ?? null;
}

function replyForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

describe("refuseMalformedAction", () => {
  it("lets a well-formed fetch action through", async () => {
    const form = replyForm({ "1_slug": "ceramic-mug", "1_quantity": "1", "0": '["$undefined","$K1"]' });
    expect(await statusOf(action(form))).toBeNull();
    expect(await statusOf(action('["$undefined"]', { "Content-Type": "text/plain;charset=UTF-8" }))).toBeNull();
  });

  it("lets a form posted before hydration through when its bound arguments are all there", async () => {
    const form = replyForm({ "$ACTION_REF_1": "", "$ACTION_1:0": `{"id":"${ACTION}","bound":"$@1"}`, "$ACTION_1:1": "[null]", slug: "x" });
    expect(await statusOf(new Request(url, { method: "POST", body: form }))).toBeNull();
  });

  it("ignores requests that are not actions", async () => {
    expect(await statusOf(new Request(url))).toBeNull();
    expect(await statusOf(new Request(url, { method: "POST", body: "[".repeat(5000) }))).toBeNull();
  });

  it("answers 413 to a body over the limit, declared or chunked", async () => {
    const big = "a".repeat(ACTION_BODY_LIMIT_BYTES + 1);
    expect(await statusOf(action(big, { "Content-Type": "text/plain", "Content-Length": String(big.length) }))).toBe(413);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 11; i++) controller.enqueue(new Uint8Array(100_000).fill(97));
        controller.close();
      },
    });
    expect(await statusOf(action(chunked, { "Content-Type": "text/plain" }))).toBe(413);
    expect(await statusOf(action(`["${"a".repeat(ACTION_BODY_LIMIT_BYTES - 10)}"]`, { "Content-Type": "text/plain" }))).toBeNull();
  });

  it("answers 400 to multipart without a boundary", async () => {
    const body = '--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]\r\n--x--\r\n';
    expect(await statusOf(action(body, { "Content-Type": "multipart/form-data" }))).toBe(400);
    expect(await statusOf(new Request(url, { method: "POST", body, headers: { "Content-Type": "multipart/form-data" } }))).toBe(400);
  });

  it("answers 400 to JSON nested deeper than the bound", async () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    expect(await statusOf(action(deep, { "Content-Type": "text/plain;charset=UTF-8" }))).toBe(400);
    const justDeepEnough = "[".repeat(MAX_ACTION_NESTING) + "]".repeat(MAX_ACTION_NESTING);
    expect(await statusOf(action(justDeepEnough, { "Content-Type": "text/plain" }))).toBeNull();
  });

  it.each([
    ["a promise of a row never sent", { "0": '["$undefined","$@5"]' }],
    ["a model row never sent", { "0": '["$undefined","$5"]' }],
    ["a reference that is not hex", { "0": '["$zz"]' }],
    ["a file that is not a file", { "0": '["$B1"]', "1": "text" }],
    ["no root row", { "1": "[]" }],
    ["a row that is not JSON", { "0": "[", "1": "x" }],
    ["arguments that are not a list", { "0": '{"a":1}' }],
  ])("answers 400 to a multipart reply with %s", async (_label, fields) => {
    expect(await statusOf(action(replyForm(fields)))).toBe(400);
  });

  it("answers 400 to a form posted before hydration whose bound arguments are missing", async () => {
    const form = replyForm({ "$ACTION_REF_1": "", "$ACTION_1:0": `{"id":"${ACTION}","bound":"$@1"}` });
    expect(await statusOf(new Request(url, { method: "POST", body: form }))).toBe(400);
  });

  it.each(["{}", "null", "true", '""', "7"])("answers 400 to a text reply whose arguments are not a list: %s", async (root) => {
    expect(await statusOf(action(root, { "Content-Type": "text/plain;charset=UTF-8" }))).toBe(400);
  });

  it("keeps escaped dollars and value tags, which reference nothing", async () => {
    const root = '["$$5","$undefined","$D2020-01-01T00:00:00.000Z","$n12","$Infinity","$NaN","$-0","$K1"]';
    expect(await statusOf(action(root, { "Content-Type": "text/plain" }))).toBeNull();
  });
});

describe("nestingDepth", () => {
  it("counts brackets but not those inside strings", () => {
    expect(nestingDepth('{"a":[[1]]}')).toBe(3);
    expect(nestingDepth('["[[[[", "\\"[[["]')).toBe(1);
    expect(nestingDepth("plain")).toBe(0);
  });
});

describe("multipartBoundary", () => {
  it("reads a token or quoted boundary of 1 to 70 characters", () => {
    expect(multipartBoundary("multipart/form-data; boundary=----WebKitFormBoundaryAbC")).toBe("----WebKitFormBoundaryAbC");
    expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe("a b");
    expect(multipartBoundary("multipart/form-data")).toBeNull();
    expect(multipartBoundary("multipart/form-data; boundary=")).toBeNull();
    expect(multipartBoundary(`multipart/form-data; boundary=${"x".repeat(71)}`)).toBeNull();
  });
});

describe("refuseMalformedRequest", () => {
  it("answers 400 to a path with broken percent-encoding, and passes good ones", async () => {
    expect((await refuseMalformedRequest(new Request("http://shop.test/products/%")))?.status).toBe(400);
    expect((await refuseMalformedRequest(new Request("http://shop.test/api/auth/%E0%A4%A")))?.status).toBe(400);
    expect(await refuseMalformedRequest(new Request("http://shop.test/products/ceramic-mug?q=%"))).toBeNull();
    expect(await refuseMalformedRequest(new Request("http://shop.test/caf%C3%A9"))).toBeNull();
  });
});
