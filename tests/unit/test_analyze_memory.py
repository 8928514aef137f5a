"""`wirewatch analyze` streams standard input: 20,000 articles (40 MB) pass through in a few MB of memory,
and the first results come out while the input is still open.

The child process runs ``main(["analyze"])`` on a pipe fed one line at a time, with the flow replaced by
one that answers each article at no cost, so that what is measured is the command's own reading,
batching and printing (the flow's own memory is its dedup state; see agents/dedup/stage.py).
tracemalloc's peak counts every Python allocation, whatever the allocator keeps.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys

ARTICLES = 20_000
BODY = "Officials said talks would resume in Geneva next week. " * 36  # about 2 KB

CHILD = """
import json, sys, tracemalloc

import streams.clients.analyze as command
from agents.offline import Analysis


class Answering:
    def __init__(self, settings):
        pass

    def analyze_many(self, articles, batch_size=None):
        return (Analysis(article) for article in articles)


command.Pipeline = Answering
from streams.cli import main

tracemalloc.start()
status = main(["analyze"])
with open(sys.argv[1], "w") as out:
    json.dump({"status": status, "peak": tracemalloc.get_traced_memory()[1]}, out)
"""


def test_twenty_thousand_articles_on_standard_input_keep_memory_flat(tmp_path):
    report = tmp_path / "report.json"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(report)], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=(tmp_path / "stderr").open("wb"))
    assert child.stdin is not None
    sent = 0
    for n in range(ARTICLES):
        line = json.dumps({"id": f"a{n}", "title": f"Talks, round {n}", "body": BODY}).encode() + b"\n"
        child.stdin.write(line)
        sent += len(line)
    child.stdin.close()
    assert child.wait(timeout=300) == 0, (tmp_path / "stderr").read_text()[-2000:]
    measured = json.loads(report.read_text())
    assert measured["status"] == 0 and sent > 40_000_000
    assert measured["peak"] < 8_000_000, f"peak {measured['peak']:,} bytes for {sent:,} bytes of input"


def test_the_first_results_come_out_while_standard_input_is_still_open(tmp_path):
    # The real flow, in batches of 2: two articles in, their two answers out, the pipe still open.
    env = {**os.environ, "WIREWATCH_TAG_BATCH_SIZE": "2"}
    child = subprocess.Popen([sys.executable, "-m", "streams.cli", "analyze"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=(tmp_path / "stderr").open("wb"), env=env)
    assert child.stdin is not None and child.stdout is not None
    try:
        for n in range(2):
            child.stdin.write(json.dumps({"id": f"a{n}", "body": BODY}).encode() + b"\n")
        child.stdin.flush()
        with selectors.DefaultSelector() as waiting:
            waiting.register(child.stdout, selectors.EVENT_READ)
            assert waiting.select(timeout=240), (tmp_path / "stderr").read_text()[-2000:]
        assert json.loads(child.stdout.readline())["id"] == "a0"
        assert child.poll() is None  # still reading
    finally:
        child.stdin.close()
        child.wait(timeout=60)
