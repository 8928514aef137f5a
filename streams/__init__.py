"""wirewatch streaming layer: settings, topics, records, codec, Faust app factory and CLI."""

__version__ = "0.1.0"
