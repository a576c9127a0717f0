"""Old name of :mod:`addin.quote` (the quote model); kept for one release."""
from .quote import *  # noqa: F401,F403
from .quote import RULE_OPTIONS, OrderLine, PercentLine, Quote, QuoteLine, owned_list_value, price_quote  # noqa: F401
