import { describe, expect, it } from "vitest";
import { formFields, UNREADABLE_FORM } from "@/lib/forms";

// A server action's arguments are whatever the POST body decodes to. formFields is the
// check at each action's boundary: a FormData becomes fields, anything else is refused.

describe("formFields", () => {
  it("turns a FormData into string fields, keeping the first of repeated keys and no files", () => {
    const form = new FormData();
    form.append("email", "ada@example.com");
    form.append("email", "eve@example.com");
    form.append("avatar", new Blob(["x"]), "a.png");
    expect(formFields(form)).toEqual({ email: "ada@example.com" });
  });

  it.each([
    ["no argument", undefined],
    ["null", null],
    ["an array", []],
    ["a plain object", { email: "ada@example.com" }],
    ["a string", "email=ada@example.com"],
    ["URLSearchParams", new URLSearchParams("email=ada@example.com")],
  ])("refuses %s", (_case, payload) => {
    expect(formFields(payload)).toBeNull();
  });

  it("has one clear message for a payload that is not a form", () => {
    expect(UNREADABLE_FORM).toEqual({ ok: false, message: expect.stringMatching(/could not be read/) as unknown });
  });
});
