import { describe, expect, it } from "vitest";
import {
  ACTION_BODY_LIMIT_BYTES,
  MAX_ACTION_NESTING,
  multipartBoundary,
  nestingDepth,
  refuseMalformedAction,
} from "@/lib/http/action-request";

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

/** What a client sees when the request is refused: status, Content-Type and message. */
async function refusalOf(request: Request): Promise<{ status: number; type: string | null; message: string } | null> {
  const response = await refuseMalformedAction(request);
  if (!response) return null;
  return { status: response.status, type: response.headers.get("content-type"), message: await response.text() };
}

function refused(message: string) {
  return { status: 400, type: "text/plain; charset=utf-8", message };
}

/** A body sent chunked, without Content-Length, as a browser streams it. */
function streamOf(text: string, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += chunkSize) controller.enqueue(bytes.slice(offset, offset + chunkSize));
      controller.close();
    },
  });
}

/** A text reply `["aaa…"]` of exactly `size` bytes. */
function replyOfSize(size: number): string {
  return `["${"a".repeat(size - 4)}"]`;
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

  it("accepts what the shop's forms send: escaped dollars, undefined and forms", async () => {
    const root = '["$$5","$undefined","$K1"]';
    expect(await statusOf(action(root, { "Content-Type": "text/plain" }))).toBeNull();
  });

  // Each of these decodes into a value no action of the shop takes; several crash React's
  // decoder on crafted input (a BigInt that does not parse, a Map from a non-list).
  it.each(["$D2020-01-01T00:00:00.000Z", "$nxyz", "$n12", "$Infinity", "$NaN", "$-0", "$Q0", "$W0", "$i0", "$A0", "$h0", "$F0", "$T5", "$H5", "$0", "$1:a:b", "$Kx", "$K"])(
    "refuses %s, which no form of the shop sends",
    async (value) => {
      const response = await refuseMalformedAction(action(JSON.stringify([value]), { "Content-Type": "text/plain" }));
      expect(response?.status).toBe(400);
      expect(await response?.text()).toBe("The action's arguments hold a kind of value no form of this shop sends.");
    },
  );
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

describe("refuseMalformedAction: what the client is told", () => {
  it("answers a multipart body without a boundary with a plain-text 400 that says so", async () => {
    const body = '--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]\r\n--x--\r\n';
    expect(await refusalOf(action(body, { "Content-Type": "multipart/form-data" }))).toEqual(
      refused("A multipart body needs a boundary in its Content-Type."),
    );
  });

  it("answers a body over the limit with a plain-text 413 that names the limit", async () => {
    const big = "a".repeat(ACTION_BODY_LIMIT_BYTES + 1);
    expect(await refusalOf(action(big, { "Content-Type": "text/plain" }))).toEqual({
      status: 413,
      type: "text/plain; charset=utf-8",
      message: "A server action body may be at most 1048576 bytes.",
    });
  });

  it("answers a multipart body that does not parse with its own message", async () => {
    const headers = { "Content-Type": "multipart/form-data; boundary=abc" };
    const expected = refused("The multipart body could not be parsed.");
    expect(await refusalOf(action("not multipart at all", headers))).toEqual(expected);
    expect(await refusalOf(new Request(url, { method: "POST", body: "not multipart at all", headers }))).toEqual(expected);
  });

  it("tells a missing root row apart from a root that is not a list", async () => {
    expect(await refusalOf(action(replyForm({ "1": "[]" })))).toEqual(refused("The action's arguments are missing."));
    expect(await refusalOf(action(replyForm({ "0": "{}" })))).toEqual(refused("The action's arguments must be a list."));
  });
});

describe("refuseMalformedAction: the body limit", () => {
  it("trusts a declared Content-Length over the limit without reading the body", async () => {
    const request = action('["$undefined"]', { "Content-Type": "text/plain", "Content-Length": String(ACTION_BODY_LIMIT_BYTES + 1) });
    expect(await statusOf(request)).toBe(413);
  });

  it("accepts a declared Content-Length of exactly the limit", async () => {
    const request = action('["$undefined"]', { "Content-Type": "text/plain", "Content-Length": String(ACTION_BODY_LIMIT_BYTES) });
    expect(await statusOf(request)).toBeNull();
  });

  it("accepts a body of exactly the limit and refuses one byte more, with or without Content-Length", async () => {
    const atLimit = replyOfSize(ACTION_BODY_LIMIT_BYTES);
    const overLimit = replyOfSize(ACTION_BODY_LIMIT_BYTES + 1);
    expect(await statusOf(action(atLimit, { "Content-Type": "text/plain", "Content-Length": String(atLimit.length) }))).toBeNull();
    expect(await statusOf(action(streamOf(atLimit), { "Content-Type": "text/plain" }))).toBeNull();
    expect(await statusOf(action(overLimit, { "Content-Type": "text/plain", "Content-Length": String(overLimit.length) }))).toBe(413);
    expect(await statusOf(action(streamOf(overLimit), { "Content-Type": "text/plain" }))).toBe(413);
  });
});

describe("refuseMalformedAction: which requests are actions", () => {
  it("leaves requests that are not POST alone, even when they name an action", async () => {
    expect(await statusOf(new Request(url, { headers: { "Next-Action": ACTION } }))).toBeNull();
    const noBoundary = { "Next-Action": ACTION, "Content-Type": "multipart/form-data" };
    expect(await statusOf(new Request(url, { method: "PUT", body: "[", headers: noBoundary }))).toBeNull();
  });

  it("leaves a POST without Content-Type or Next-Action alone", async () => {
    const bytes = new TextEncoder().encode("[".repeat(5000));
    expect(await statusOf(new Request(url, { method: "POST", body: bytes }))).toBeNull();
    expect(await statusOf(new Request(url, { method: "POST" }))).toBeNull();
  });

  it("checks an action sent without Content-Type", async () => {
    expect(await statusOf(action(new TextEncoder().encode('["$undefined"]')))).toBeNull();
    expect(await statusOf(action(new TextEncoder().encode('["$5"]')))).toBe(400);
  });

  it("answers 400 to an action posted without a body, whose arguments are no list", async () => {
    const request = new Request(url, { method: "POST", headers: { "Next-Action": ACTION } });
    expect(await refusalOf(request)).toEqual(refused("The action's arguments must be a list."));
  });

  it("reads a boundary given without a space after the semicolon", async () => {
    expect(multipartBoundary("multipart/form-data;boundary=abc")).toBe("abc");
    const body = '--abc\r\nContent-Disposition: form-data; name="0"\r\n\r\n["$undefined"]\r\n--abc--\r\n';
    expect(await statusOf(action(body, { "Content-Type": "multipart/form-data;boundary=abc" }))).toBeNull();
  });
});

describe("refuseMalformedAction: references in the reply", () => {
  it("finds rows by their hexadecimal id, and refuses a path into one", async () => {
    // "$@10" is row 16, not row 1 or row 10.
    expect(await statusOf(action(replyForm({ "0": '[null,"$@10"]', "16": "[]" })))).toBeNull();
    expect(await statusOf(action(replyForm({ "0": '["$@10"]', "1": "[]", "10": "[]" })))).toBe(400);
    expect(await statusOf(action(replyForm({ "0": '["$@10:slug"]', "16": '{"slug":"ceramic-mug"}' })))).toBe(400);
  });

  it("refuses a row sent twice, whichever copy is the bad one", async () => {
    for (const copies of [["[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "[]"], ["[]", '["$@5"]']]) {
      const form = new FormData();
      for (const copy of copies) form.append("0", copy);
      const response = await refuseMalformedAction(action(form));
      expect(response?.status).toBe(400);
      expect(await response?.text()).toBe("A part of the action's arguments was sent twice.");
    }
  });

  it("takes only fields named by a bare decimal id as reply rows", async () => {
    // A FormData argument's own fields ("1_address2") are user text, not JSON rows.
    const form = replyForm({ "1_address2": "Flat 3", "0": '["$K1"]' });
    expect(await statusOf(action(form))).toBeNull();
  });

  it.each([
    ["a space before the id", '["$ 1"]'],
    ["letters after the id", '["$1z"]'],
  ])("refuses a reference with %s, even when a row would match a looser reading", async (_label, root) => {
    expect(await statusOf(action(replyForm({ "0": root, "1": "[]" })))).toBe(400);
  });

  it("finds a file reference in the file part of that id", async () => {
    const form = replyForm({ "0": '["$B1"]' });
    form.append("1", new Blob(["mug photo"], { type: "image/png" }), "mug.png");
    expect(await statusOf(action(form))).toBeNull();
  });

  it("finds a bound file of a form posted before hydration under that action's prefix", async () => {
    const form = replyForm({ "$ACTION_REF_1": "", "$ACTION_1:0": `{"id":"${ACTION}","bound":"$@1"}`, "$ACTION_1:1": '["$B2"]' });
    form.append("$ACTION_1:2", new Blob(["mug photo"]), "mug.png");
    expect(await statusOf(new Request(url, { method: "POST", body: form }))).toBeNull();
    form.delete("$ACTION_1:2");
    form.append("2", new Blob(["mug photo"]), "mug.png");
    expect(await statusOf(new Request(url, { method: "POST", body: form }))).toBe(400);
  });

  it("refuses a file reference whose id is not hex, whatever the parts are named", async () => {
    for (const [root, partName] of [
      ['["$Bzz"]', "null"],
      ['["$Bz1"]', "NaN"],
    ] as const) {
      const form = replyForm({ "0": root });
      form.append(partName, new Blob(["x"]), "x.bin");
      expect(await statusOf(action(form))).toBe(400);
    }
  });

  it("refuses a file reference in a text body, which carries no files", async () => {
    expect(await refusalOf(action('["$B1"]', { "Content-Type": "text/plain" }))).toEqual(
      refused("The action's arguments refer to a part that is missing."),
    );
  });


  it("accepts a text reply with whitespace before the list", async () => {
    expect(await statusOf(action(' \n["$undefined"]', { "Content-Type": "text/plain" }))).toBeNull();
  });
});

describe("refuseMalformedAction: forms posted before hydration", () => {
  const post = (form: FormData) => new Request(url, { method: "POST", body: form });

  it("checks every bound action, not only the first", async () => {
    const form = replyForm({
      "$ACTION_REF_1": "",
      "$ACTION_1:0": `{"id":"${ACTION}","bound":null}`,
      "$ACTION_REF_2": "",
      "$ACTION_2:0": `{"id":"${ACTION}","bound":"$@1"}`,
    });
    expect(await statusOf(post(form))).toBe(400);
  });

  it("refuses a bound action whose reply root was never sent", async () => {
    expect(await refusalOf(post(replyForm({ "$ACTION_REF_1": "", slug: "x" })))).toEqual(refused("The action's arguments are missing."));
  });
});
