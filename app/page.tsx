import { listProducts } from "@/lib/shop/catalog";
import { ProductCard } from "./_components/product-card";
import { site } from "./_components/site";

export default async function HomePage() {
  const products = await listProducts();
  const featured = products.filter((product) => product.stock > 0).slice(0, 3);

  return (
    <>
      <section className="mb-10 grid items-center gap-8 overflow-hidden rounded-3xl bg-brand-800 px-6 py-10 text-white sm:px-10 sm:py-12 lg:grid-cols-[1fr_auto]">
        <div>
          <p className="text-sm font-semibold uppercase tracking-widest text-brand-200">New season</p>
          <h1 className="mt-2 max-w-xl text-3xl font-bold tracking-tight sm:text-4xl">{site.tagline}</h1>
          <p className="mt-3 max-w-xl text-brand-100">
            Mugs, notebooks, kitchen tools and a few treats. Made to be used every day, and priced fairly.
          </p>
          <a href="#products" className="mt-6 inline-flex rounded-lg bg-white px-4 py-2.5 text-sm font-semibold text-brand-800 hover:bg-brand-50">
            Shop all products
          </a>
        </div>
        {/* Decorative: the same products are listed, with names, right below. */}
        <div aria-hidden="true" className="hidden gap-4 lg:flex">
          {featured.map((product, index) => (
            // Plain <img>, as in ProductCard: small SVGs, nothing for next/image to optimise.
            // eslint-disable-next-line @next/next/no-img-element -- see above
            <img
              key={product.id}
              src={product.image}
              alt=""
              width={150}
              height={150}
              loading="lazy"
              decoding="async"
              className={`rounded-2xl shadow-lg ring-4 ring-white/10 ${index === 1 ? "-translate-y-4" : "translate-y-3"}`}
            />
          ))}
        </div>
      </section>

      <h2 id="products" className="mb-5 scroll-mt-6 text-xl font-bold tracking-tight text-stone-900 sm:text-2xl">
        All products
      </h2>
      {products.length === 0 ? (
        <p className="text-stone-600">
          The shelves are empty right now. Run <code>npm run db:seed</code> to stock the shop.
        </p>
      ) : (
        <ul aria-labelledby="products" className="grid grid-cols-2 gap-4 sm:grid-cols-3 sm:gap-6 lg:grid-cols-4">
          {products.map((product, index) => (
            <ProductCard key={product.id} product={product} aboveTheFold={index < 4} />
          ))}
        </ul>
      )}
    </>
  );
}
