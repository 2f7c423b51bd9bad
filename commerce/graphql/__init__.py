"""The GraphQL API, Saleor 3's schema: one folder per domain, the shared machinery in `core`."""
