from django.apps import AppConfig


class GraphQLConfig(AppConfig):
    # "graphql" would read as the graphql-core package in logs and migrations.
    name = "commerce.graphql"
    label = "commerce_graphql"
    verbose_name = "GraphQL API"
