from .categories import CategoryQueries
from .collections import CollectionQueries
from .products import ProductQueries
from .variants import ProductVariantQueries

__all__ = ["CategoryQueries", "CollectionQueries", "ProductQueries", "ProductVariantQueries"]
