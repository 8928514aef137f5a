"""The end-to-end benchmark of issue 13, in small modules; ``benchmarks/bench_pipeline.py`` runs it.

- :mod:`.corpus`: generated articles of realistic length (reprints and invasion warnings mixed in).
- :mod:`.limits`: spaCy's model alone and the offline analyzer on the same articles, in process.
- :mod:`.chain`: the local broker, worker processes, publishing and collecting with record timestamps.
- :mod:`.naive`: the naive peer (a plain kafka-python consume -> process -> produce loop), run as a process.
- :mod:`.report`: figures, the final table and its markdown file.
"""
