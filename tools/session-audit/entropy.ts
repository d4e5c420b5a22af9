// What a handful of tokens can tell from outside: which alphabet they use, how long they
// are, and how many of their positions actually vary. It can only find weak tokens: a
// predictable generator (a hash of a counter, a seeded PRNG) looks random here.

type Alphabet = { name: string; size: number };

const KNOWN: { name: string; pattern: RegExp; size: number }[] = [
  { name: "decimal digits", pattern: /^[0-9]+$/, size: 10 },
  { name: "hex", pattern: /^(?:[0-9a-f]+|[0-9A-F]+)$/, size: 16 },
  { name: "letters and digits", pattern: /^[0-9A-Za-z]+$/, size: 62 },
  { name: "base64url", pattern: /^[0-9A-Za-z_-]+$/, size: 64 },
  { name: "base64", pattern: /^[0-9A-Za-z+/]+=*$/, size: 64 },
];

/** The smallest common encoding every token fits, or the characters seen. */
export function alphabetOf(tokens: string[]): Alphabet {
  const joined = tokens.join("");
  const known = KNOWN.find((alphabet) => alphabet.pattern.test(joined));
  if (known) return known;
  return { name: `${new Set(joined).size} different characters`, size: Math.max(2, new Set(joined).size) };
}

/** Bits a token of this length could hold in its alphabet: an upper bound. */
export function capacityBits(token: string, alphabet: Alphabet): number {
  return token.length * Math.log2(alphabet.size);
}

/**
 * An estimate of the entropy per token, position by position over the samples. A position
 * whose values spread over at least half the alphabet (or half the samples, when there are
 * fewer samples than symbols) counts as a full symbol of the alphabet; one that takes only
 * a few values (a timestamp's slow digits, a counter's high digits, a fixed prefix)
 * counts only the bits of the values seen there.
 */
export function estimateEntropyBits(tokens: string[]): { bits: number; varying: number; positions: number } {
  const alphabet = alphabetOf(tokens);
  const positions = Math.max(0, ...tokens.map((token) => token.length));
  const full = Math.log2(alphabet.size);
  const threshold = Math.max(2, Math.min(alphabet.size, tokens.length) / 2);
  let bits = 0;
  let varying = 0;
  for (let index = 0; index < positions; index++) {
    const distinct = new Set(tokens.map((token) => token[index] ?? "")).size;
    if (distinct > 1) varying++;
    bits += distinct >= threshold ? full : Math.log2(distinct);
  }
  return { bits: Math.round(bits), varying, positions };
}

/**
 * Whether a token decodes to readable text (JSON, "user=alice|admin"): then it carries
 * data rather than being a bare random name for a server-side session.
 */
export function readableContent(token: string): string | undefined {
  for (const part of token.split(".")) {
    const normalized = part.replace(/-/g, "+").replace(/_/g, "/");
    if (!/^[A-Za-z0-9+/]+=*$/.test(normalized)) continue;
    const bytes = Buffer.from(normalized, "base64");
    if (bytes.length < 8) continue;
    const printable = bytes.filter((byte) => (byte >= 0x20 && byte < 0x7f) || byte === 0x0a).length;
    if (printable / bytes.length >= 0.9) return bytes.toString("latin1").slice(0, 40);
  }
  return undefined;
}
