"""products(first: 24, channel) with pricing and thumbnails, through the real HTTP server.

    .venv/bin/python benchmarks/catalogue_api.py [--products 10000] [--requests 200]

Prints the median and p95 latency over warm requests to one gunicorn worker, the
SQL statements one request runs, and the worker's peak memory. Target: median
under 15 ms on a 2-core machine. Figures are also written to
benchmarks/results/catalogue_api.json.
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
        category { name }
        producer { name }
        ocopCertification { stars status }
      }
    }
  }
}
"""


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--channel", default="web-shop")
    args = parser.parse_args()

    with harness.services() as env:
        ensure_catalogue(env, args.products, args.channel)
        variables = {"channel": args.channel, "after": None}
        queries = harness.count_queries(env, QUERY, variables)
        with harness.gunicorn(env) as (url, master):
            # Pages walk forward through the catalogue, as a shopper scrolling would.
            cursors, times = [None], []
            for i in range(args.warmup + args.requests):
                variables["after"] = cursors[i % len(cursors)]
                elapsed, payload = harness.post_graphql(url, QUERY, variables)
                assert "errors" not in payload, payload["errors"]
                page = payload["data"]["products"]
                assert len(page["edges"]) == 24
                if page["pageInfo"]["hasNextPage"] and len(cursors) < 20:
                    cursors.append(page["pageInfo"]["endCursor"])
                if i >= args.warmup:
                    times.append(elapsed)
            workers = harness.child_pids(master) or [master]
            memory = max(harness.peak_rss_mib(pid) for pid in workers)

    harness.report(
        "catalogue_api",
        {
            "products": args.products,
            "query": "products(first: 24) with pricing, thumbnail, category, producer, certification",
            "latency": harness.summary(times),
            "target_median_ms": 15,
            "sql_queries_per_request": queries,
            "web_worker_peak_rss_mib": round(memory, 1),
        },
    )


if __name__ == "__main__":
    main()
