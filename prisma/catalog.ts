// The shop's product catalog: one entry per illustration in public/products/.

export type CatalogProduct = {
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  currency: "USD";
  stock: number;
  image: string;
};

export const catalog: ReadonlyArray<CatalogProduct> = [
  {
    slug: "ceramic-mug",
    name: "Dip-Glazed Ceramic Mug",
    description:
      "A 12 oz stoneware mug dipped in a cornflower-blue glaze, leaving the foot bare and matte. The wide handle fits three fingers. Dishwasher and microwave safe.",
    priceCents: 2400,
    currency: "USD",
    stock: 24,
    image: "/products/ceramic-mug.svg",
  },
  {
    slug: "pour-over-kettle",
    name: "Gooseneck Pour-Over Kettle",
    description:
      "A 1-litre stovetop kettle with a slim gooseneck spout for a slow, steady pour over coffee grounds. Matte black steel with an oak handle and lid knob. Works on gas and electric hobs, but not on induction.",
    priceCents: 5800,
    currency: "USD",
    stock: 9,
    image: "/products/pour-over-kettle.svg",
  },
  {
    slug: "linen-tote-bag",
    name: "Sunrise Linen Tote",
    description:
      "A sturdy tote in washed linen-cotton with a hand-printed sunrise motif. The long handles go over the shoulder, and it holds a week's groceries. Machine wash cold; the print softens a little over time.",
    priceCents: 2200,
    currency: "USD",
    stock: 32,
    image: "/products/linen-tote-bag.svg",
  },
  {
    slug: "dot-grid-notebook",
    name: "A5 Dot-Grid Notebook",
    description:
      "192 pages of 100 gsm dot-grid paper that takes fountain-pen ink without bleeding through. Lay-flat binding, an elastic closure and a ribbon bookmark, in a deep teal cover.",
    priceCents: 1600,
    currency: "USD",
    stock: 40,
    image: "/products/dot-grid-notebook.svg",
  },
  {
    slug: "fountain-pen",
    name: "Navy Fountain Pen",
    description:
      "A resin fountain pen with a fine steel nib and gold-tone trim. It takes standard international short cartridges and comes with a converter for bottled ink. The fine nib suits small handwriting best.",
    priceCents: 6400,
    currency: "USD",
    // The only product with a single unit left: the e2e and integration tests use it for "last unit" scenarios.
    stock: 1,
    image: "/products/fountain-pen.svg",
  },
  {
    slug: "desk-lamp",
    name: "Teal Task Lamp",
    description:
      "An adjustable desk lamp with two hinged steel arms and a tilting shade. It takes a standard E26 bulb (not included), up to a 9 W LED. The weighted base keeps it steady with the arm fully extended.",
    priceCents: 8900,
    currency: "USD",
    stock: 0,
    image: "/products/desk-lamp.svg",
  },
  {
    slug: "wool-beanie",
    name: "Merino Pom Beanie",
    description:
      "Rib-knit from soft merino wool with a fold-up cuff and a cream pom-pom. One size fits most adults. Hand wash cold and dry flat.",
    priceCents: 3200,
    currency: "USD",
    stock: 18,
    image: "/products/wool-beanie.svg",
  },
  {
    slug: "steel-water-bottle",
    name: "Insulated Steel Water Bottle",
    description:
      "A 750 ml double-walled stainless-steel bottle that keeps drinks cold for about 24 hours and hot for about 12. The loop cap is leak-proof when closed. Hand wash only, as a dishwasher can dull the powder coat.",
    priceCents: 3400,
    currency: "USD",
    stock: 27,
    image: "/products/steel-water-bottle.svg",
  },
  {
    slug: "potted-succulent",
    name: "Echeveria in Terracotta Pot",
    description:
      "A live echeveria rosette, about 10 cm across, planted in a 12 cm terracotta pot with a drainage hole. It wants bright light and water only when the soil is dry. Every plant is a little different in colour and shape.",
    priceCents: 1800,
    currency: "USD",
    stock: 12,
    image: "/products/potted-succulent.svg",
  },
  {
    slug: "soy-candle",
    name: "Lavender Soy Candle",
    description:
      "Hand-poured soy wax scented with lavender and a little cedar, in a reusable amber glass jar. A cotton wick gives around 45 hours of burn time. Trim the wick before lighting and never leave it burning unattended.",
    priceCents: 2600,
    currency: "USD",
    stock: 21,
    image: "/products/soy-candle.svg",
  },
  {
    slug: "oak-cutting-board",
    name: "Oak Cutting Board",
    description:
      "Cut from a single piece of European oak, 40 by 25 cm, with a handle for hanging. Finished with food-safe oil. Hand wash and re-oil now and then; it does not belong in the dishwasher.",
    priceCents: 4200,
    currency: "USD",
    stock: 14,
    image: "/products/oak-cutting-board.svg",
  },
  {
    slug: "wireless-headphones",
    name: "Wireless Over-Ear Headphones",
    description:
      "Bluetooth over-ear headphones with cushioned ear cups and an adjustable band, good for around 30 hours per USB-C charge. There is no active noise cancelling, but the closed cups keep out a fair amount of noise.",
    priceCents: 12900,
    currency: "USD",
    stock: 7,
    image: "/products/wireless-headphones.svg",
  },
  {
    slug: "enamel-pin-set",
    name: "Good Day Enamel Pin Set",
    description:
      "Three hard-enamel pins, a heart, a star and a rainbow, with gold-tone edges and rubber clutches. Each pin is about 2.5 cm wide. They come on a navy backing card, ready to give.",
    priceCents: 1400,
    currency: "USD",
    stock: 35,
    image: "/products/enamel-pin-set.svg",
  },
  {
    slug: "loose-leaf-tea-tin",
    name: "Sencha Green Tea Tin",
    description:
      "100 g of loose-leaf sencha in an airtight tin with a brass-coloured lid. Grassy and lightly sweet; brew at 75 °C for two minutes. The empty tin keeps almost anything dry.",
    priceCents: 1900,
    currency: "USD",
    stock: 16,
    image: "/products/loose-leaf-tea-tin.svg",
  },
  {
    slug: "canvas-backpack",
    name: "Waxed Canvas Backpack",
    description:
      "A roomy backpack in mustard waxed canvas with leather straps and a zipped front pocket. A padded sleeve inside fits most 15-inch laptops. The wax shrugs off light rain and creases into a patina with use.",
    priceCents: 14800,
    currency: "USD",
    stock: 5,
    image: "/products/canvas-backpack.svg",
  },
  {
    slug: "tortoise-sunglasses",
    name: "Tortoiseshell Sunglasses",
    description:
      "Rounded acetate frames in tortoiseshell with green-tinted UV400 lenses. Spring hinges make for a comfortable fit. Comes with a cotton pouch.",
    priceCents: 4800,
    currency: "USD",
    stock: 11,
    image: "/products/tortoise-sunglasses.svg",
  },
];
