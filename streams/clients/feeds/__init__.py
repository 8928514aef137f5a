"""The parts of ``wirewatch ingest``: fetching over HTTP, reading feeds, article text, per-feed cursors."""
