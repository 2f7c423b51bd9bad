"""Search backends. Each is a module with `search_products(queryset, query)`;
`settings.SEARCH_BACKEND` names the one in use."""
