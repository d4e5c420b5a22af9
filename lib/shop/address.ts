import "server-only";
import addressFormatter from "@fragaria/address-formatter";

// Where a postal address puts its postal code, city and country depends on the country:
// "12345 Springfield" in Germany, "Springfield, 12345" in the United States, city and
// postcode on lines of their own in the United Kingdom. Those rules are the work of
// OpenCage's address-formatting templates (one per country), which
// @fragaria/address-formatter renders; this module only decides which country an order's
// free-text country names, and keeps the lines the shop collects itself (name, street).

// The countries the checkout suggests (its datalist). Names come from the runtime's own
// region names (Intl.DisplayNames), so they are spelled as browsers spell them.
const SHIPPING_COUNTRY_CODES = [
  "AT", "AU", "BE", "CA", "CH", "CZ", "DE", "DK", "ES", "FI", "FR", "GB", "IE", "IT",
  "JP", "LU", "NL", "NO", "NZ", "PL", "PT", "SE", "US",
] as const;

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** The suggested countries, by name. */
export const SHIPPING_COUNTRIES: readonly string[] = SHIPPING_COUNTRY_CODES.map((code) => regionNames.of(code) ?? code).sort();

// What shoppers type besides the names above: the ISO code itself, and common short forms.
const ALIASES: Record<string, string> = {
  usa: "US",
  us: "US",
  "united states of america": "US",
  america: "US",
  uk: "GB",
  "great britain": "GB",
  britain: "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  "northern ireland": "GB",
  holland: "NL",
  "the netherlands": "NL",
  deutschland: "DE",
  "czech republic": "CZ",
};

const byName = new Map<string, string>(
  SHIPPING_COUNTRY_CODES.flatMap((code) => [
    [code.toLowerCase(), code],
    [(regionNames.of(code) ?? code).toLowerCase(), code],
  ]),
);

/** The ISO code of a country as a shopper typed it, or undefined when it is none of ours. */
export function countryCodeOf(country: string): string | undefined {
  const key = country.trim().replace(/\./g, "").replace(/\s+/g, " ").toLowerCase();
  return byName.get(key) ?? ALIASES[key];
}

export type PostalAddress = { name: string; line1: string; line2?: string | null; city: string; postalCode: string; country: string };

/**
 * The address as the lines of a label, in the country's order, the country last and as the
 * shopper wrote it. A country the shop does not know gets the formatter's default order:
 * postal code, then city.
 */
export function addressLines(address: PostalAddress): string[] {
  const locality = addressFormatter.format(
    { city: address.city, postcode: address.postalCode },
    // cleanupPostcode off: the code is shown as the shopper wrote it (checkout validated it).
    { countryCode: countryCodeOf(address.country), appendCountry: false, cleanupPostcode: false, output: "array" },
  );
  return [address.name, address.line1, ...(address.line2 ? [address.line2] : []), ...locality, address.country];
}
