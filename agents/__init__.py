"""wirewatch stages: plain stage logic first in each module, then the thin Faust agent that runs it."""
