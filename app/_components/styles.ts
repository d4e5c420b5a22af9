// Shared class lists, so every button and field in the shop looks and behaves the same.
// Plain strings (not components) keep them usable on <button>, <a> and <Link> alike.

const tones = {
  primary: "bg-brand-700 text-white shadow-sm hover:bg-brand-800 active:bg-brand-900",
  secondary: "border border-stone-300 bg-white text-stone-800 shadow-sm hover:bg-stone-100",
  danger: "border border-red-300 bg-white text-red-700 shadow-sm hover:bg-red-50",
} as const;

const sizes = {
  sm: "px-3 py-1.5 text-sm",
  md: "px-4 py-2.5 text-sm",
  lg: "px-5 py-3 text-base",
} as const;

export function button(tone: keyof typeof tones = "primary", size: keyof typeof sizes = "md"): string {
  return (
    "inline-flex items-center justify-center gap-2 rounded-lg font-semibold transition-colors " +
    `disabled:cursor-not-allowed disabled:opacity-60 ${tones[tone]} ${sizes[size]}`
  );
}

export const quietButton =
  "rounded text-sm font-medium text-stone-600 underline underline-offset-4 hover:text-stone-900 disabled:opacity-60";

/** A field's look without a width, for fields sized by what they hold (`${inputBox} w-20`). */
export const inputBox =
  "rounded-lg border border-stone-300 bg-white px-3 py-2.5 text-base text-stone-900 shadow-sm " +
  "placeholder:text-stone-400 focus:border-brand-600 aria-[invalid=true]:border-red-600";

/** A field as wide as its container. Never add a width to this one: two widths fight. */
export const input = `block w-full ${inputBox}`;

export const card = "rounded-2xl border border-stone-200 bg-white shadow-sm";

export const link = "font-medium text-brand-700 underline underline-offset-4 hover:text-brand-900";

export const pageTitle = "text-2xl font-bold tracking-tight text-stone-900 sm:text-3xl";
