"""``wirewatch ingest`` through main(): its help, its arguments, and one clear line when Kafka is not there."""

from __future__ import annotations

import pytest

from streams import cli
from streams.cli import build_parser, main
from streams.ops.broker import free_port


def test_help_shows_usage_and_examples(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["ingest", "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    assert out.startswith("usage: wirewatch ingest [-h] [--feeds FILE] [--interval SECONDS] [--once]")
    assert "wirewatch ingest --feeds feeds.txt --once" in out and "no_article_text" in out


def test_the_command_is_dispatched_to_its_function_with_its_options():
    args = build_parser().parse_args(["ingest", "http://news.test/a.rss", "--interval", "60", "--once",
                                      "--fetch-pages"])
    assert (args.func, args.urls, args.interval, args.once, args.fetch_pages) == (
        cli._ingest, ["http://news.test/a.rss"], 60.0, True, True)


@pytest.mark.parametrize(("argv", "message"), [
    (["ingest"], "wirewatch: no feed: name URLs or --feeds FILE"),
    (["ingest", "file:///etc/passwd"], "wirewatch: not an http(s) URL: file:///etc/passwd"),
    (["ingest", "--feeds", "/nonexistent/feeds.txt"], "wirewatch: no such feed list: /nonexistent/feeds.txt"),
])
def test_bad_arguments_are_one_line_and_exit_2(argv, message, capsys):
    assert main(argv) == 2
    assert capsys.readouterr().err.strip() == message


def test_an_unreachable_broker_is_one_clear_line_and_exit_2(monkeypatch, capsys):
    address = f"127.0.0.1:{free_port()}"
    monkeypatch.delenv("WIREWATCH_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", address)
    assert main(["ingest", "http://127.0.0.1:9/feed.rss", "--once"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"wirewatch: cannot reach Kafka at {address} (connection refused): check KAFKA_BOOTSTRAP_SERVERS"]
