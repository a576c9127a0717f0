"""Old name of :mod:`addin.batch.orders` (the orders-sheet reader); kept for one release."""
from .batch.orders import *  # noqa: F401,F403
from .batch.orders import MAX_QUANTITY, MAX_TEXT, QuoteOrder, clean_text, parse_discount  # noqa: F401
from .batch.orders import read_orders as _read_orders
from .catalog import get_catalog


def read_orders(path, catalog=None, today=None):
    """:func:`addin.batch.orders.read_orders` with the catalog in use as default."""
    return _read_orders(path, catalog if catalog is not None else get_catalog(), today)
