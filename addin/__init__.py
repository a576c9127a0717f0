"""xphone-pricing: price, check and quote XPhone Connect 8 licences."""

__version__ = "0.1.0"
