// The shop's mark, inline so it costs no request. Decorative: the shop name next to it is
// the accessible text, so the SVG is hidden from assistive technology.
export function Logo({ className = "h-8 w-8" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="9" fill="var(--color-brand-700)" />
      <path d="M16 26V13" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
      <path d="M16 19c-3.5 0-6-2.4-6-5.5 3.5 0 6 2.4 6 5.5Z" fill="var(--color-brand-200)" />
      <path d="M16 16c3.5 0 6-2.4 6-5.5-3.5 0-6 2.4-6 5.5Z" fill="#fff" />
      <circle cx="16" cy="8.5" r="2.5" fill="var(--color-accent-500)" />
    </svg>
  );
}
