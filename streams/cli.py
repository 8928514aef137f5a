"""The ``wirewatch`` command line."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from streams.commands import (
    TAIL_TOPICS,
    _analyze,
    _broker,
    _dashboard,
    _demo,
    _eval,
    _ingest,
    _positive,
    _replay,
    _status,
    _subscribe,
    _tail,
    _topics,
    _worker,
)
from streams.runtime.settings import Settings

EPILOG = """examples:
  wirewatch broker start                 start the local Kafka broker (jars fetched once with mvn)
  wirewatch worker                       run the dedup, tagging and alert agents
  wirewatch status                       broker, topics, each step's lag, the worker's last work
  wirewatch replay                       publish seeds/ to articles.raw.v1
  wirewatch replay archive.jsonl more/   publish JSON-lines files and seed-format documents
  wirewatch ingest --feeds feeds.txt     poll RSS, Atom and JSON feeds every 5 minutes
  wirewatch tail alerts --follow         live feed of alerts (add --json for scripts)
  wirewatch subscribe --webhook URL      POST every alert to a webhook
  wirewatch dashboard                    live feed in the browser on http://127.0.0.1:8765/
  wirewatch analyze seeds/*.txt          the whole pipeline offline, one JSON object per article
  cat articles.jsonl | wirewatch analyze
  wirewatch eval alerts                  precision and recall on the evaluation set
  wirewatch demo                         broker, worker, replay of the seed and its alert, then stop

settings come from WIREWATCH_* environment variables; KAFKA_BOOTSTRAP_SERVERS=host:port points
every command at an existing broker instead of the local one.
"""

Command = Callable[[Settings, argparse.Namespace], int]


def _command(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, run: Command, summary: str,
             epilog: str | None = None) -> argparse.ArgumentParser:
    """Add the sub-command ``name``, run by ``run(settings, args)``."""
    parser = sub.add_parser(name, help=summary, description=summary, epilog=epilog,
                            formatter_class=argparse.RawDescriptionHelpFormatter)  # keep the examples' line breaks
    parser.set_defaults(func=run)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with a sub-command per job; each sets ``func``, the function that runs it."""
    parser = argparse.ArgumentParser(prog="wirewatch", description="Streaming news monitor on Apache Kafka.",
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    broker = _command(sub, "broker", _broker, "start, stop or inspect the local Kafka broker",
                      "example: WIREWATCH_BROKER_PORT=29092 wirewatch broker start")
    broker.add_argument("action", choices=["start", "stop", "status", "fetch"])

    _command(sub, "topics", _topics, "create any missing wirewatch topic and list them",
             "example: KAFKA_BOOTSTRAP_SERVERS=kafka:9092 WIREWATCH_DEFAULT_PARTITIONS=6 wirewatch topics")

    worker = _command(sub, "worker", _worker, "run the Faust agents (dedup -> tagging -> alerts)",
                      "example: WIREWATCH_TOPIC_PREFIX=staging. wirewatch worker --loglevel info")
    worker.add_argument("--loglevel", default="warning", choices=["debug", "info", "warning", "error"])

    replay = _command(sub, "replay", _replay, "publish articles to articles.raw.v1",
                      "examples: wirewatch replay seeds/ archive/2022-02.jsonl\n"
                      "          wirewatch replay archive/2022-02.jsonl --speed 60   an hour of news a minute\n"
                      "          wirewatch replay seeds/ --rate 2 --loop            a steady test feed until Ctrl-C\n"
                      "a record over WIREWATCH_MAX_MESSAGE_BYTES or a file that cannot be read is reported with its\n"
                      "file:line and skipped (exit status 1 once the rest is sent); an invalid article is sent as is\n"
                      "and the worker dead-letters it.")
    replay.add_argument("paths", nargs="*", default=["seeds"], help="files or folders (default: seeds/)")
    pace = replay.add_mutually_exclusive_group()
    pace.add_argument("--rate", type=_positive, metavar="N", help="at most N articles a second")
    pace.add_argument("--speed", type=_positive, metavar="X",
                      help="keep the original spacing of published_at, X times faster (1: real time)")
    replay.add_argument("--loop", action="store_true", help="start again after the last article, until Ctrl-C")

    ingest = _command(
        sub, "ingest", _ingest, "poll RSS, Atom and JSON feeds; publish new and updated entries to articles.raw.v1",
        "examples: wirewatch ingest https://news.example.org/world.rss  poll every 5 minutes until Ctrl-C\n"
        "          wirewatch ingest --feeds feeds.txt --interval 60      feeds.txt: one URL a line, # comments\n"
        "          wirewatch ingest --feeds feeds.txt --once             one poll (cron); exit 1 if a feed failed\n"
        "          wirewatch ingest URL --fetch-pages                    the text of each entry's linked page\n"
        "one summary line per poll. Each feed's place is kept in Kafka (ingest.cursors.v1), so a restart publishes\n"
        "only what is new or updated. An entry with no article text once page furniture is dropped goes to\n"
        "articles.deadletter.v1 as no_article_text.")
    ingest.add_argument("urls", nargs="*", metavar="URL", help="feed URLs (http or https)")
    ingest.add_argument("--feeds", metavar="FILE", help="a file of feed URLs, one a line")
    ingest.add_argument("--interval", type=_positive, metavar="SECONDS",
                        help="seconds between two polls of a feed (default: WIREWATCH_INGEST_INTERVAL_S, 300)")
    ingest.add_argument("--once", action="store_true", help="poll every feed once, then stop")
    ingest.add_argument("--fetch-pages", action="store_true",
                        help="take each entry's text from its linked page (trafilatura), else from the feed")

    tail = _command(sub, "tail", _tail, "print records of a topic as they arrive (the terminal live feed)",
                    "examples: wirewatch tail alerts --follow --json | ./notify.sh\n"
                    "          wirewatch tail tagged --max 5")
    tail.add_argument("topic", choices=sorted(TAIL_TOPICS))
    tail.add_argument("--follow", action="store_true", help="keep waiting for new records")
    tail.add_argument("--new", action="store_true", help="only records published from now on")
    tail.add_argument("--max", type=int, default=None, help="stop after this many records")
    tail.add_argument("--timeout", type=float, default=10.0, help="seconds to wait without --follow")
    tail.add_argument("--json", action="store_true", help="one JSON record per line (for scripts)")

    subscribe = _command(
        sub, "subscribe", _subscribe,
        "deliver alerts to a webhook or a command (at-least-once, resumes where it stopped)",
        "examples: wirewatch subscribe --webhook https://hooks.example.org/wirewatch --min-severity high\n"
        "          wirewatch subscribe --exec 'jq -r .actor >> actors.txt'\n"
        "          wirewatch subscribe --exec ./page-the-desk.sh --target Ukraine --escalated-only\n"
        "an alert still failing after its last retry goes to alerts.deadletter.v1 with the error; each delivery\n"
        "carries an idempotency key (header Idempotency-Key, or $WIREWATCH_IDEMPOTENCY_KEY for --exec)")
    target = subscribe.add_mutually_exclusive_group(required=True)
    target.add_argument("--webhook", metavar="URL", help="POST each alert as JSON to this URL (a redirect is "
                        "not followed and counts as a failure)")
    target.add_argument("--exec", dest="exec_command", metavar="CMD", help="run CMD with the alert JSON on stdin")
    subscribe.add_argument("--exec-timeout", type=_positive, default=30.0, metavar="SECONDS",
                           help="stop a command still running after this long; the delivery failed (default 30)")
    subscribe.add_argument("--group", default=None, help="consumer group (default: <app id>-subscriber)")
    subscribe.add_argument("--min-severity", default="low", choices=["low", "medium", "high", "critical"])
    subscribe.add_argument("--actor", action="append", default=[], metavar="NAME",
                           help="only alerts with this actor (canonical name, any case; repeat for several)")
    subscribe.add_argument("--target", action="append", default=[], metavar="NAME",
                           help="only alerts with this target (canonical name, any case; repeat for several)")
    subscribe.add_argument("--escalated-only", action="store_true", help="only alerts corroborated by other outlets")
    subscribe.add_argument("--from-beginning", action="store_true", help="a new group starts at the oldest alert")
    subscribe.add_argument("--max", type=int, default=None, help="stop after exactly this many deliveries")

    dashboard = _command(sub, "dashboard", _dashboard,
                         "the live feed in a browser: alerts and their map, filters, top entities, articles, reprints",
                         "examples: wirewatch dashboard --port 8765, then open http://127.0.0.1:8765/\n"
                         "          WIREWATCH_DASHBOARD_TOKEN=$(cat ~/.wirewatch-token) wirewatch dashboard "
                         "--host 0.0.0.0")
    dashboard.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    dashboard.add_argument("--port", type=int, default=8765)
    dashboard.add_argument("--token", default=None,
                           help="token the page and scripts must give (default: WIREWATCH_DASHBOARD_TOKEN; one is "
                                "generated and printed when --host is not loopback). On a shared host prefer the "
                                "variable: every user can read a command line")
    dashboard.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                           help="another name the dashboard answers to in the Host header (a reverse proxy's)")

    analyze = _command(sub, "analyze", _analyze, "run the pipeline offline on files or standard input",
                       "example: wirewatch analyze seeds/000_725fc296ee9ff8bc.txt | jq .alerts")
    analyze.add_argument("files", nargs="*", help="JSON-lines or seed-format files (default: standard input)")

    status = _command(sub, "status", _status, "the broker, each topic's records, each step's lag and the worker's "
                      "last work, at a glance (exit status 2 when the broker cannot be reached)",
                      "examples: wirewatch status\n"
                      "          WIREWATCH_METRICS_PORT=9108 wirewatch status   (last work from the worker's metrics)\n"
                      "          wirewatch status --json | jq '.topics[] | select(.lag > 0) | .name'")
    status.add_argument("--json", action="store_true", help="one JSON object (for scripts)")
    status.add_argument("--timeout", type=_positive, default=5.0, help="seconds to wait for the broker (default 5)")

    evaluate = _command(sub, "eval", _eval, "print quality figures of a stage on its evaluation set",
                        "example: wirewatch eval dedup --data my-heldout/")
    evaluate.add_argument("stage", choices=["dedup", "entities", "alerts"])
    evaluate.add_argument("args", nargs=argparse.REMAINDER, help="passed to the stage's evaluator")

    _command(sub, "demo", _demo, "the whole chain once on the local broker, then stop what it started",
             "example: make demo (installs everything first), or: wirewatch demo")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``wirewatch``; returns the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    from streams.clients.kafka import BrokerUnreachable
    from streams.clients.subscribe import DeliveryError
    from streams.ops.broker import BrokerError

    try:
        settings = Settings()
        return int(args.func(settings, args))
    except KeyboardInterrupt:
        print("wirewatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`wirewatch tail alerts | head`): not an error; keep Python quiet on exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (BrokerError, BrokerUnreachable, DeliveryError, FileNotFoundError) as exc:
        print(f"wirewatch: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a clear line rather than a traceback; -v shows the details
        if args.verbose:
            raise
        name = type(exc).__name__
        if name in {"NoBrokersAvailable", "KafkaTimeoutError", "KafkaConnectionError"}:
            print(f"wirewatch: cannot reach Kafka at {Settings().bootstrap}: {name}", file=sys.stderr)
        else:
            print(f"wirewatch: {name}: {exc} (run with -v for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())