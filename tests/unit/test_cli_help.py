"""`wirewatch <command> --help` through main(), and which function each command line is dispatched to."""

from __future__ import annotations

import argparse

import pytest

from streams import cli
from streams.cli import build_parser, main

HELP = [
    (["broker"], "wirewatch broker [-h] {start,stop,status,fetch}", "wirewatch broker start"),
    (["topics"], "wirewatch topics [-h]", "wirewatch topics"),
    (["worker"], "wirewatch worker [-h] [--loglevel", "wirewatch worker --loglevel info"),
    (["replay"], "wirewatch replay [-h] [--rate N | --speed X]", "wirewatch replay seeds/ archive/2022-02.jsonl"),
    (["ingest"], "wirewatch ingest [-h] [--feeds FILE]", "wirewatch ingest --feeds feeds.txt --once"),
    (["tail"], "wirewatch tail [-h] [--follow]", "wirewatch tail tagged --max 5"),
    (["subscribe"], "wirewatch subscribe [-h] (--webhook URL | --exec CMD)",
     "wirewatch subscribe --exec 'jq -r .actor >> actors.txt'"),
    (["dashboard"], "wirewatch dashboard [-h] [--host HOST]", "wirewatch dashboard --port 8765"),
    (["analyze"], "wirewatch analyze [-h] [files ...]", "wirewatch analyze seeds/000_725fc296ee9ff8bc.txt"),
    (["status"], "wirewatch status [-h] [--json]", "wirewatch status --json | jq"),
    (["eval"], "wirewatch eval [-h] {dedup,entities,alerts}", "wirewatch eval dedup --data my-heldout/"),
    (["eval", "dedup"], "wirewatch eval dedup [-h] [--data DATA]", "--margins"),
    (["demo"], "wirewatch demo [-h]", "wirewatch demo"),
]


@pytest.mark.parametrize(("argv", "usage", "example"), HELP)
def test_help_of_each_command_shows_its_usage_and_examples(argv, usage, example, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    assert out.startswith(f"usage: {usage}")
    assert example in out


DISPATCH = [
    (["broker", "status"], cli._broker),
    (["topics"], cli._topics),
    (["worker"], cli._worker),
    (["replay"], cli._replay),
    (["ingest", "--once", "https://news.example.org/world.rss"], cli._ingest),
    (["tail", "alerts"], cli._tail),
    (["subscribe", "--exec", "cat"], cli._subscribe),
    (["subscribe", "--webhook", "http://127.0.0.1:9/hook"], cli._subscribe),
    (["dashboard"], cli._dashboard),
    (["analyze"], cli._analyze),
    (["status", "--json"], cli._status),
    (["eval", "alerts", "--data", "x.jsonl"], cli._eval),
    (["demo"], cli._demo),
]


def test_every_command_is_in_both_tables():
    [commands] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) == {argv[0] for argv, _, _ in HELP} == {argv[0] for argv, _ in DISPATCH}


@pytest.mark.parametrize(("argv", "func"), DISPATCH)
def test_each_command_line_is_dispatched_to_its_own_function(argv, func):
    assert build_parser().parse_args(argv).func is func


def test_exec_keeps_its_command_apart_from_the_sub_command():
    args = build_parser().parse_args(["subscribe", "--exec", "jq .actor"])
    assert (args.command, args.exec_command, args.webhook) == ("subscribe", "jq .actor", None)


def test_exec_with_a_command_named_like_a_sub_command_still_subscribes(monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "_subscribe", lambda settings, args: calls.append(args.exec_command) or 0)
    monkeypatch.setattr(cli, "_demo", lambda settings, args: pytest.fail("fell through to the demo"))
    assert main(["subscribe", "--exec", "demo"]) == 0
    assert calls == ["demo"]
