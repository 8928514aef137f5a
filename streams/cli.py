"""The ``wirewatch`` command line."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence

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
TAIL_TOPICS = {"raw": "raw", "unique": "unique", "duplicates": "duplicates", "tagged": "tagged",
               "alerts": "alerts", "deadletter": "deadletter", "alerts-deadletter": "alerts_deadletter"}


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


def _broker(settings: Settings, args: argparse.Namespace) -> int:
    from streams.ops.broker import local_broker

    if not settings.uses_local_broker:
        print(f"KAFKA_BOOTSTRAP_SERVERS is set ({settings.bootstrap}): wirewatch uses that broker, not a local one.")
        return 0 if args.action == "status" else 2
    broker = local_broker(settings)
    if args.action == "fetch":
        print(f"Kafka {settings.kafka_version} jars in {broker.ensure_jars()}")
    elif args.action == "start":
        status = broker.start()
        print(f"Kafka {settings.kafka_version} running at {status.address} (pid {status.pid}, data {status.data_dir})")
    elif args.action == "stop":
        print("stopped" if broker.stop() else "no local broker was running")
    else:
        status = broker.status()
        state = f"running at {status.address} (pid {status.pid})" if status.running else "not running"
        print(f"local broker {state}; data {status.data_dir}; log {status.log_file}")
        return 0 if status.running else 3
    return 0


def _topics(settings: Settings, _args: argparse.Namespace) -> int:
    from streams.runtime.topics import TopicNames, ensure_topics

    created = ensure_topics(settings)
    for name in TopicNames.from_settings(settings).all():
        print(f"{name}{'  (created)' if name in created else ''}")
    return 0


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    import faust

    from streams.runtime.app import create_app
    from streams.runtime.topics import ensure_topics

    ensure_topics(settings)
    worker = faust.Worker(create_app(settings), loglevel=args.loglevel, quiet=True)
    worker.execute_from_commandline()
    return 0


def _positive(text: str) -> float:
    """An argparse type: a number above zero."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number, not {text!r}")
    return value


def _replay(settings: Settings, args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from streams.clients.replay import Pacer, replay
    from streams.runtime.topics import TopicNames

    def warn(message: str) -> None:
        tqdm.write(f"warning: {message}", file=sys.stderr)  # above the progress bar, if there is one

    report = replay(settings, args.paths, progress=sys.stderr.isatty(), pacer=Pacer(rate=args.rate, speed=args.speed),
                    loop=args.loop, warn=warn)
    print(report.summary(TopicNames.from_settings(settings).raw))
    return 1 if report.skipped or report.failed else 0


def _ingest(settings: Settings, args: argparse.Namespace) -> int:
    from streams.clients.feeds.fetch import is_web_url
    from streams.clients.feeds.report import PollSummary
    from streams.clients.ingest import read_feed_list, run

    feeds = [*args.urls, *(read_feed_list(args.feeds) if args.feeds else [])]
    bad = [url for url in feeds if not is_web_url(url)]
    if not feeds or bad:
        print(f"wirewatch: not an http(s) URL: {bad[0]}" if bad else "wirewatch: no feed: name URLs or --feeds FILE",
              file=sys.stderr)
        return 2
    last: list[PollSummary] = []

    def show(summary: PollSummary) -> None:
        last[:] = [summary]
        print(summary.line(), flush=True)

    try:
        run(settings, feeds, interval_s=args.interval, once=args.once, fetch_pages=args.fetch_pages, on_poll=show)
    except KeyboardInterrupt:
        return 0
    return 1 if args.once and last and last[0].count("failed") else 0


def _tail(settings: Settings, args: argparse.Namespace) -> int:
    from streams.clients.kafka import make_consumer
    from streams.clients.tail import tail
    from streams.runtime.topics import TopicNames

    topic = getattr(TopicNames.from_settings(settings), TAIL_TOPICS[args.topic])
    consumer = make_consumer(settings, topic, from_beginning=not args.new)
    skipped = 0
    try:
        for line in tail(consumer, as_json=args.json, limits=settings.limits,
                         timeout_s=None if args.follow else args.timeout, max_records=args.max):
            if line.skipped:
                skipped += 1
                print(f"wirewatch: skipped an unreadable record at {line.text}", file=sys.stderr, flush=True)
            else:
                print(line.text if args.json else line.text + "\n", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
    if skipped:
        print(f"wirewatch: skipped {skipped} unreadable record(s)", file=sys.stderr)
    return 0


def _subscribe(settings: Settings, args: argparse.Namespace) -> int:
    from streams.clients.delivery import command, webhook
    from streams.clients.subscribe import AlertFilter, subscribe
    from streams.runtime.topics import TopicNames

    try:
        deliver = (webhook(args.webhook, settings.webhook_timeout_s) if args.webhook
                   else command(args.exec_command, args.exec_timeout))
    except ValueError as exc:
        print(f"wirewatch: {exc}", file=sys.stderr)
        return 2
    only = AlertFilter.of(args.min_severity, args.actor, args.target, args.escalated_only)
    group = args.group or f"{settings.app_id}-subscriber"
    print(f"delivering alerts ({only.describe()}) as group {group}; Ctrl-C to stop", file=sys.stderr)
    report = subscribe(settings, deliver, group=group, only=only, max_alerts=args.max,
                       from_beginning=args.from_beginning)
    print(f"delivered {report.delivered} alert(s); {report.dead_lettered} dead-lettered to "
          f"{TopicNames.from_settings(settings).alerts_deadletter}; {report.filtered} filtered out", file=sys.stderr)
    return 0


def _dashboard(settings: Settings, args: argparse.Namespace) -> int:
    from streams.clients.dashboard import DashboardServer

    server = DashboardServer(settings, args.host, args.port, token=args.token, allow_hosts=tuple(args.allow_host))
    server.start()
    print("\n".join(server.banner()), file=sys.stderr, flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def _analyze(settings: Settings, args: argparse.Namespace) -> int:
    from streams.clients.analyze import analyze

    # A progress bar on long runs, on the terminal only: standard output stays one JSON object a line.
    return analyze(settings, args.files, sys.stdin.buffer, sys.stdout, sys.stderr, progress=sys.stderr.isatty())


def _status(settings: Settings, args: argparse.Namespace) -> int:
    from streams.ops.status import read_status, render_status

    status = read_status(settings, timeout_s=args.timeout)
    if args.json:
        print(json.dumps(status.to_json()))
    else:
        render_status(status, sys.stdout)
    return 0


def _eval(_settings: Settings, args: argparse.Namespace) -> int:
    module = importlib.import_module(f"streams.evaluation.{args.stage}")
    return int(module.main(args.args) or 0)


def _demo(settings: Settings, _args: argparse.Namespace) -> int:
    from streams.ops.demo import run_demo

    return run_demo(settings)


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
