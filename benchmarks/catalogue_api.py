"""products(first: 24, channel) with pricing and thumbnails, through the real HTTP server.

    .venv/bin/python benchmarks/catalogue_api.py [--products 10000] [--requests 200]

Prints the median and p95 latency over warm requests to one gunicorn worker of
the foundation issue's query (a page of products with pricing and thumbnails),
as deployed (anonymous catalogue answers come from the response cache until the
catalogue changes, see commerce/graphql/core/response_cache.py) and with that
cache off, so every request runs the resolvers and SQL. The same, uncached,
for the storefront's fuller product card (category, producer and OCOP
certificate too), for comparison. Also the SQL statements one uncached request
runs and the worker's peak memory. Target: median under 15 ms on a 2-core
machine. Figures are also written to benchmarks/results/catalogue_api.json.
"""

import argparse

import harness

QUERY = """
query Catalogue($channel: String!, $after: String) {
  products(first: 24, channel: $channel, after: $after, sortBy: {field: NAME, direction: ASC}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        name
        slug
        thumbnail(size: 256, format: WEBP) { url alt }
        pricing {
          onSale
          priceRange {
            start { gross { amount currency } }
            stop { gross { amount currency } }
          }
        }
      }
    }
  }
}
"""

# The storefront's product card: the above plus category, producer and certificate.
CARD_QUERY = QUERY.replace(
    "        pricing {",
    "        category { name }\n        producer { name }\n        ocopCertification { stars status }\n        pricing {",
)


def ensure_catalogue(env, products: int, channel: str) -> None:
    harness.manage(env, "migrate", "--verbosity", "0")
    have = int(
        harness.manage(
            env, "shell", "-c",
            "from commerce.product.models import Product;"
            "print(Product.objects.filter(external_reference__startswith='synthetic:').count())",
            capture=True,
        ).split()[-1]
    )
    if have != products:
        harness.manage(env, "generate_catalogue", "--products", str(products), "--channel", channel, "--images", "--replace")


def walk_pages(url: str, channel: str, warmup: int, requests: int, query: str = QUERY) -> tuple[list[float], int]:
    """Pages walk forward through the catalogue, as a shopper scrolling would
    (the first 20 pages, over and over); returns the timed requests' latencies
    and how many of them the response cache answered."""
    variables = {"channel": channel, "after": None}
    cursors, times, hits = [None], [], 0
    for i in range(warmup + requests):
        variables["after"] = cursors[i % len(cursors)]
        elapsed, payload, cache_status = harness.post_graphql_with_cache_status(url, query, variables)
        assert "errors" not in payload, payload["errors"]
        page = payload["data"]["products"]
        assert len(page["edges"]) == 24
        if page["pageInfo"]["hasNextPage"] and len(cursors) < 20:
            cursors.append(page["pageInfo"]["endCursor"])
        if i >= warmup:
            times.append(elapsed)
            hits += cache_status == "hit"
    return times, hits


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--channel", default="web-shop")
    args = parser.parse_args()

    with harness.services(f"ocop_bench_{args.products}") as env:
        ensure_catalogue(env, args.products, args.channel)
        queries = harness.count_queries(env, QUERY, {"channel": args.channel, "after": None})
        card_queries = harness.count_queries(env, CARD_QUERY, {"channel": args.channel, "after": None})
        memory = 0.0
        # As deployed: anonymous catalogue answers are cached until the catalogue changes.
        with harness.gunicorn(env) as (url, master):
            cached, hits = walk_pages(url, args.channel, args.warmup, args.requests)
            memory = max(memory, *(harness.peak_rss_mib(pid) for pid in harness.child_pids(master) or [master]))
        # Every request through the resolvers and PostgreSQL: what a page no one
        # asked for in the last 30 s, or any request after a catalogue change, costs.
        with harness.gunicorn(harness.without_response_cache(env)) as (url, master):
            uncached, _ = walk_pages(url, args.channel, args.warmup, args.requests)
            card, _ = walk_pages(url, args.channel, args.warmup, args.requests, CARD_QUERY)
            memory = max(memory, *(harness.peak_rss_mib(pid) for pid in harness.child_pids(master) or [master]))

    harness.report(
        "catalogue_api",
        {
            "products": args.products,
            "query": "products(first: 24) with pricing and thumbnail",
            "latency": harness.summary(cached),
            "response_cache_hits": f"{hits}/{len(cached)}",
            "latency_without_response_cache": harness.summary(uncached),
            "target_median_ms": 15,
            "sql_queries_per_request": queries,
            "product_card_latency_without_response_cache": harness.summary(card),
            "product_card_query": "the same with category, producer and OCOP certification",
            "product_card_sql_queries_per_request": card_queries,
            "web_worker_peak_rss_mib": round(memory, 1),
        },
    )


if __name__ == "__main__":
    main()
