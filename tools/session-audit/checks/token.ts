// Length, character set and uniqueness of the tokens minted during the audit (one fresh
// sign-in each). OWASP: at least 128 bits of token, at least 64 bits of entropy, and a
// meaningless value.
import { alphabetOf, capacityBits, estimateEntropyBits, readableContent } from "../entropy";
import { fail, pass, unknown, type CheckResult } from "../result";

const MIN_LENGTH_BITS = 128;
const MIN_ENTROPY_BITS = 64;

/** `secrets`: the credentials the audit typed, which must not appear in a token. */
export function tokenChecks(samples: string[], secrets: string[]): CheckResult[] {
  if (samples.length === 0) {
    return (["token.length", "token.charset", "token.uniqueness"] as const).map((id) => unknown(id, "no token was minted"));
  }
  const alphabet = alphabetOf(samples);
  const shortest = samples.reduce((a, b) => (a.length <= b.length ? a : b));
  const lengthBits = Math.floor(capacityBits(shortest, alphabet));
  const length =
    lengthBits >= MIN_LENGTH_BITS
      ? pass("token.length", `${shortest.length} characters of ${alphabet.name}: ${lengthBits} bits (at least ${MIN_LENGTH_BITS} needed)`)
      : fail("token.length", `${shortest.length} characters of ${alphabet.name} hold only ${lengthBits} bits (at least ${MIN_LENGTH_BITS} needed): short tokens can be guessed`);

  return [length, charset(samples, alphabet.name, secrets), uniqueness(samples)];
}

function charset(samples: string[], alphabetName: string, secrets: string[]): CheckResult {
  for (const token of samples) {
    const lower = token.toLowerCase();
    // An email's local part counts as well as the whole address ("alice" in "alice@...").
    // Five characters at least: a random 43-character token holds some 3-letter word by
    // chance about once in a thousand, a given 5-letter one about once in a million.
    const words = secrets.flatMap((secret) => [secret, secret.split("@")[0] ?? ""]).filter((word) => word.length >= 5);
    const leaked = words.find((word) => lower.includes(word.toLowerCase()) || lower.includes(encodeURIComponent(word).toLowerCase()));
    if (leaked) return fail("token.charset", "the token contains one of the credentials typed at sign-in: it carries data, not just a name for a server-side session");
    const readable = readableContent(token);
    if (readable) return fail("token.charset", `the token decodes to readable data ("${readable}…"): whoever holds it can read it, and a server that trusts it can be fooled`);
  }
  return pass("token.charset", `${alphabetName}, nothing readable in it: an opaque name for a session kept on the server`);
}

function uniqueness(samples: string[]): CheckResult {
  const distinct = new Set(samples).size;
  if (distinct < samples.length) return fail("token.uniqueness", `${samples.length - distinct} of ${samples.length} fresh sign-ins got a token another one already had`);
  if (samples.length < 2) return unknown("token.uniqueness", "fewer than two tokens minted");
  const { bits, varying, positions } = estimateEntropyBits(samples);
  const detail = `${samples.length} fresh tokens, all different; ${varying} of ${positions} positions vary; estimated about ${bits} bits of entropy`;
  return bits >= MIN_ENTROPY_BITS
    ? pass("token.uniqueness", `${detail} (at least ${MIN_ENTROPY_BITS} needed; an estimate from outside cannot see a predictable generator)`)
    : fail("token.uniqueness", `${detail}, under the ${MIN_ENTROPY_BITS} needed: the tokens follow a pattern an attacker can guess`);
}
