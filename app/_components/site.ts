// The shop's name and tagline, defined once for the header, footer and page titles.
export const site = {
  name: "Larkspur Goods",
  tagline: "Small, well-made things for everyday life.",
} as const;
