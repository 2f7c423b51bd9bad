"""Two-word, diacritic-free search over a large catalogue.

    .venv/bin/python benchmarks/search.py [--products 100000] [--requests 200]

Runs `products(search: "...", first: 24, channel)` through the real HTTP server
with a rotating set of queries people type without accents ("gom bat", "non la",
…), once as deployed (repeated searches answered by the response cache) and
once with that cache off, and the same searches straight against the search backend in one Django
process (a first page of 24 and its count, as the API asks for them, without HTTP or GraphQL), so
the two costs can be told apart. Target: p95
under 50 ms. Figures are also written to benchmarks/results/search.json.
"""

import argparse
import json
import statistics

import harness
from catalogue_api import ensure_catalogue

QUERIES = [
    "gom bat", "lua van", "non la", "che xanh", "mien dong", "may tre",
    "son mai", "kham trai", "huong vong", "binh gom", "khan lua", "gio may",
    "tranh son", "tuong go", "ruou nep", "mat ong",
]

API_QUERY = """
query Search($channel: String!, $search: String!) {
  products(first: 24, channel: $channel, search: $search) {
    totalCount
    edges { node { id name pricing { priceRange { start { gross { amount currency } } } } } }
  }
}
"""

BACKEND_SCRIPT = """
import json, statistics, time
from commerce.channel.models import Channel
from commerce.graphql.product.visibility import published_products
from commerce.search import expect_ranked_first_page, page_candidates, search_products
channel = Channel.objects.get(slug={channel!r})
queries = {queries!r}
times, per_query = [], {{q: [] for q in queries}}
for round_ in range(2 + {rounds}):
    for q in queries:
        started = time.perf_counter()
        # What the API asks of the backend for a first page of 24 and its totalCount.
        listed = expect_ranked_first_page(published_products(channel, for_listing=True), True, 25)
        found = search_products(listed, q)
        candidates = page_candidates(found)
        page = found.order_by("-search_rank", "-pk")
        narrowed = candidates and candidates([("search_rank", True), ("pk", True)], None, 25)
        if narrowed is not None:
            page = page.filter(narrowed)
        list(page.values_list("pk", flat=True)[:25])
        found.count()
        if round_ >= 2:
            times.append((time.perf_counter() - started) * 1000)
            per_query[q].append(times[-1])
medians = {{q: round(statistics.median(t), 1) for q, t in per_query.items()}}
print(json.dumps({{"times": times, "medians": medians}}))
"""


VACUUM_SCRIPT = """
from django.db import connection
with connection.cursor() as cursor:
    for table in {tables!r}:
        cursor.execute(f"VACUUM (ANALYZE) {{table}}")
""".format(tables=[
    "product_product", "product_productchannellisting", "product_productvariant",
    "product_productvariantchannellisting", "search_productsearchentry", "search_searchword",
])


def run_searches(url: str, channel: str, requests: int):
    """The queries in turn (one round untimed); returns the timed latencies, how
    many the response cache answered, the matches per query and the latencies
    per query."""
    times, hits, totals, per_query = [], 0, {}, {q: [] for q in QUERIES}
    for i in range(len(QUERIES) + requests):
        search = QUERIES[i % len(QUERIES)]
        elapsed, payload, cache_status = harness.post_graphql_with_cache_status(
            url, API_QUERY, {"channel": channel, "search": search}
        )
        assert "errors" not in payload, payload["errors"]
        totals[search] = payload["data"]["products"]["totalCount"]
        if i >= len(QUERIES):
            times.append(elapsed)
            per_query[search].append(elapsed)
            hits += cache_status == "hit"
    return times, hits, totals, per_query


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--channel", default="web-shop")
    args = parser.parse_args()

    with harness.services(f"ocop_bench_{args.products}") as env:
        ensure_catalogue(env, args.products, args.channel)
        harness.manage(env, "shell", "-c", "from commerce.search.tasks import update_dirty_search_vectors; update_dirty_search_vectors()")
        # What autovacuum does soon after a bulk load: without statistics and a
        # visibility map the first minutes of a fresh catalogue are planned blind.
        harness.manage(env, "shell", "-c", VACUUM_SCRIPT)
        rounds = max(1, args.requests // len(QUERIES))
        backend = json.loads(
            harness.manage(env, "shell", "-c", BACKEND_SCRIPT.format(channel=args.channel, queries=QUERIES, rounds=rounds), capture=True)
            .strip().splitlines()[-1]
        )
        # As deployed (popular searches answered from the response cache until
        # the catalogue changes), then with that cache off: every search runs SQL.
        with harness.gunicorn(env) as (url, master):
            cached, hits, totals, _ = run_searches(url, args.channel, args.requests)
            memory = max(harness.peak_rss_mib(pid) for pid in harness.child_pids(master) or [master])
        with harness.gunicorn(harness.without_response_cache(env)) as (url, master):
            uncached, _, _, per_query = run_searches(url, args.channel, args.requests)
            memory = max(memory, *(harness.peak_rss_mib(pid) for pid in harness.child_pids(master) or [master]))

    harness.report(
        "search",
        {
            "products": args.products,
            "queries": QUERIES,
            "matches_per_query": totals,
            "api_latency": harness.summary(cached),
            "response_cache_hits": f"{hits}/{len(cached)}",
            "api_latency_without_response_cache": harness.summary(uncached),
            "backend_latency": harness.summary(backend["times"]),
            "api_median_ms_per_query_without_response_cache": {q: round(statistics.median(t), 1) for q, t in per_query.items()},
            "backend_median_ms_per_query": backend["medians"],
            "target_p95_ms": 50,
            "web_worker_peak_rss_mib": round(memory, 1),
        },
    )


if __name__ == "__main__":
    main()
