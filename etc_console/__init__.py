"""etc-console: the resident engineers' console for a provincial ETC system."""

__version__ = "0.1.0"
