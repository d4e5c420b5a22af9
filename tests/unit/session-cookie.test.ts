import { describe, expect, it } from "vitest";
import { readSessionCookie } from "@/lib/session/cookie";

// The Cookie header is written by the browser, and through cookie tossing partly by
// whoever can set a cookie on a sibling subdomain or a longer path. Exactly one value for
// the session's name is a token; anything more is no session at all.

const NAME = "shop_session";
const A = "A".repeat(43);
const B = "B".repeat(43);

describe("readSessionCookie", () => {
  it.each([
    ["the cookie alone", `${NAME}=${A}`],
    ["among other cookies", `theme=dark; ${NAME}=${A}; authjs.callback-url=%2F`],
    ["after several spaces", `theme=dark;   ${NAME}=${A}`],
    ["with the __Host- cookie beside it", `__Host-${NAME}=${B}; ${NAME}=${A}`],
    ["with a look-alike name beside it", `${NAME}s=${B}; my_${NAME}=${B}; ${NAME}.x=${B}; ${NAME}=${A}`],
  ])("reads one token: %s", (_case, header) => {
    expect(readSessionCookie(header, NAME)).toEqual({ token: A, ambiguous: false, names: [NAME], candidates: [A] });
  });

  it.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["other cookies only", "theme=dark; lang=en"],
  ])("finds nothing in %s", (_case, header) => {
    expect(readSessionCookie(header, NAME)).toEqual({ token: undefined, ambiguous: false, names: [], candidates: [] });
  });

  it.each([
    ["an empty value", `${NAME}=`],
    ["a name without a value", `${NAME}`],
    ["a value that does not percent-decode", `${NAME}=%E0%A4%A`],
  ])("treats %s as present but no token", (_case, header) => {
    expect(readSessionCookie(header, NAME)).toEqual({ token: undefined, ambiguous: false, names: [NAME], candidates: [] });
  });

  it("percent-decodes the value as Next.js does", () => {
    expect(readSessionCookie(`${NAME}=a%2Bb`, NAME).token).toBe("a+b");
  });

  it.each([
    ["two values", `${NAME}=${A}; ${NAME}=${B}`, [NAME]],
    ["the same value twice", `${NAME}=${A}; ${NAME}=${A}`, [NAME]],
    ["an empty copy first", `${NAME}=; ${NAME}=${A}`, [NAME]],
    ["an empty copy last", `${NAME}=${A}; ${NAME}=`, [NAME]],
    ["a copy without a value", `${NAME}; ${NAME}=${A}`, [NAME]],
    ["a copy with spaces in its name", ` ${NAME} =${A};${NAME}=${B}`, [NAME]],
    ["a chunk beside the cookie", `${NAME}=${A}; ${NAME}.0=${B}`, [NAME, `${NAME}.0`]],
    // Next.js would read no cookie of this name (it keeps the spaces), Auth.js would (it trims).
    ["spaces before the name at the start of the header", `  ${NAME}=${A}`, [NAME]],
    ["a space before the equals sign", `theme=dark; ${NAME} =${A}`, [NAME]],
    ["chunks only", `${NAME}.0=${A}; ${NAME}.1=${B}`, [`${NAME}.0`, `${NAME}.1`]],
    ["one empty chunk", `${NAME}.3=`, [`${NAME}.3`]],
  ])("is ambiguous with %s, and gives no token", (_case, header, names) => {
    const read = readSessionCookie(header, NAME);
    expect(read).toMatchObject({ ambiguous: true, names });
    expect(read.token).toBeUndefined();
  });

  it("reads the __Host- name over HTTPS and ignores the plain one", () => {
    const host = `__Host-${NAME}`;
    expect(readSessionCookie(`${NAME}=${B}; ${host}=${A}`, host)).toEqual({ token: A, ambiguous: false, names: [host], candidates: [A] });
    expect(readSessionCookie(`${host}=${A}; ${host}=${B}`, host).ambiguous).toBe(true);
    expect(readSessionCookie(`${host}=${A}; ${host}.1=${B}`, host).ambiguous).toBe(true);
  });

  it("is case-sensitive, as cookie names are", () => {
    expect(readSessionCookie(`SHOP_SESSION=${B}; ${NAME}=${A}`, NAME)).toEqual({ token: A, ambiguous: false, names: [NAME], candidates: [A] });
  });
});

describe("what counts as a chunk of the session cookie", () => {
  it.each([
    ["a multi-digit chunk", `${NAME}.10=${B}`, true],
    ["digits after letters", `${NAME}.x1=${B}`, false],
    ["letters after digits", `${NAME}.1x=${B}`, false],
    // As long as "<name>." and ending in digits, but another cookie altogether.
    ["an unrelated name of the same length", `${"x".repeat(NAME.length + 1)}7=${B}`, false],
  ])("%s", (_case, cookie, chunk) => {
    expect(readSessionCookie(`${cookie}; ${NAME}=${A}`, NAME).ambiguous).toBe(chunk);
  });
});

describe("what a value is", () => {
  it("is exactly what Next.js's cookies() reads: a space before the next ';' stays in it", () => {
    // "T ;" gives Next.js the value "T ", which is no token; the proxy must not read "T".
    expect(readSessionCookie(`${NAME}=${A} ; x=1`, NAME)).toMatchObject({ token: `${A} `, ambiguous: false });
  });

  it("lists every value sent under the name, for sign-out to end them all", () => {
    expect(readSessionCookie(`${NAME}=${A}; ${NAME}=${B}; ${NAME}=; ${NAME}=%E0%A4%A`, NAME).candidates).toEqual([A, B]);
    expect(readSessionCookie(`${NAME}=${A}; ${NAME}.0=${B}`, NAME).candidates).toEqual([A]);
  });
});
