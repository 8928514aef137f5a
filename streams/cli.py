"""The ``wirewatch`` command line."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Sequence

from streams.runtime.settings import Settings

EPILOG = """examples:
  wirewatch broker start                 start the local Kafka broker (jars fetched once with mvn)
  wirewatch worker                       run the dedup, tagging and alert agents
  wirewatch replay                       publish seeds/ to articles.raw.v1
  wirewatch replay archive.jsonl more/   publish JSON-lines files and seed-format documents
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

TAIL_TOPICS = {"raw": "raw", "unique": "unique", "duplicates": "duplicates", "tagged": "tagged",
               "alerts": "alerts", "deadletter": "deadletter"}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with a sub-command per job."""
    parser = argparse.ArgumentParser(prog="wirewatch", description="Streaming news monitor on Apache Kafka.",
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    broker = sub.add_parser("broker", help="start, stop or inspect the local Kafka broker",
                            epilog="example: WIREWATCH_BROKER_PORT=29092 wirewatch broker start")
    broker.add_argument("action", choices=["start", "stop", "status", "fetch"])

    sub.add_parser("topics", help="create any missing wirewatch topic and list them")

    worker = sub.add_parser("worker", help="run the Faust agents (dedup -> tagging -> alerts)")
    worker.add_argument("--loglevel", default="warning", choices=["debug", "info", "warning", "error"])

    replay = sub.add_parser("replay", help="publish articles to articles.raw.v1",
                            epilog="example: wirewatch replay seeds/ archive/2022-02.jsonl")
    replay.add_argument("paths", nargs="*", default=["seeds"], help="files or folders (default: seeds/)")

    tail = sub.add_parser("tail", help="print records of a topic as they arrive (the terminal live feed)",
                          epilog="examples: wirewatch tail alerts --follow --json | ./notify.sh\n"
                                 "          wirewatch tail tagged --max 5")
    tail.add_argument("topic", choices=sorted(TAIL_TOPICS))
    tail.add_argument("--follow", action="store_true", help="keep waiting for new records")
    tail.add_argument("--new", action="store_true", help="only records published from now on")
    tail.add_argument("--max", type=int, default=None, help="stop after this many records")
    tail.add_argument("--timeout", type=float, default=10.0, help="seconds to wait without --follow")
    tail.add_argument("--json", action="store_true", help="one JSON record per line (for scripts)")

    subscribe = sub.add_parser(
        "subscribe", help="deliver alerts to a webhook or a command (at-least-once, resumes where it stopped)",
        epilog="examples: wirewatch subscribe --webhook https://hooks.example.org/wirewatch --min-severity high\n"
               "          wirewatch subscribe --exec 'jq -r .actor >> actors.txt'",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    target = subscribe.add_mutually_exclusive_group(required=True)
    target.add_argument("--webhook", metavar="URL", help="POST each alert as JSON to this URL")
    target.add_argument("--exec", dest="command", metavar="CMD", help="run CMD with the alert JSON on stdin")
    subscribe.add_argument("--group", default=None, help="consumer group (default: <app id>-subscriber)")
    subscribe.add_argument("--min-severity", default="low", choices=["low", "medium", "high", "critical"])
    subscribe.add_argument("--from-beginning", action="store_true", help="a new group starts at the oldest alert")
    subscribe.add_argument("--max", type=int, default=None, help="stop after this many deliveries")

    dashboard = sub.add_parser("dashboard", help="the live feed in a browser (alerts, tagged articles, reprints)",
                               epilog="example: wirewatch dashboard --port 8765, then open http://127.0.0.1:8765/")
    dashboard.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    dashboard.add_argument("--port", type=int, default=8765)

    analyze = sub.add_parser("analyze", help="run the pipeline offline on files or standard input",
                             epilog="example: wirewatch analyze seeds/000_725fc296ee9ff8bc.txt | jq .alerts")
    analyze.add_argument("files", nargs="*", help="JSON-lines or seed-format files (default: standard input)")

    evaluate = sub.add_parser("eval", help="print quality figures of a stage on its evaluation set",
                              epilog="example: wirewatch eval dedup --data my-heldout/")
    evaluate.add_argument("stage", choices=["dedup", "entities", "alerts"])
    evaluate.add_argument("args", nargs=argparse.REMAINDER, help="passed to the stage's evaluator")

    sub.add_parser("demo", help="the whole chain once on the local broker, then stop what it started")
    for command in sub.choices.values():  # keep the line breaks of every example epilog
        command.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


def _broker(settings: Settings, action: str) -> int:
    from streams.ops.broker import local_broker

    if not settings.uses_local_broker:
        print(f"KAFKA_BOOTSTRAP_SERVERS is set ({settings.bootstrap}): wirewatch uses that broker, not a local one.")
        return 0 if action == "status" else 2
    broker = local_broker(settings)
    if action == "fetch":
        print(f"Kafka {settings.kafka_version} jars in {broker.ensure_jars()}")
    elif action == "start":
        status = broker.start()
        print(f"Kafka {settings.kafka_version} running at {status.address} (pid {status.pid}, data {status.data_dir})")
    elif action == "stop":
        print("stopped" if broker.stop() else "no local broker was running")
    else:
        status = broker.status()
        state = f"running at {status.address} (pid {status.pid})" if status.running else "not running"
        print(f"local broker {state}; data {status.data_dir}; log {status.log_file}")
        return 0 if status.running else 3
    return 0


def _topics(settings: Settings) -> int:
    from streams.runtime.topics import TopicNames, ensure_topics

    created = ensure_topics(settings)
    for name in TopicNames.from_settings(settings).all():
        print(f"{name}{'  (created)' if name in created else ''}")
    return 0


def _worker(settings: Settings, loglevel: str) -> int:
    import faust

    from streams.runtime.app import create_app
    from streams.runtime.topics import ensure_topics

    ensure_topics(settings)
    worker = faust.Worker(create_app(settings), loglevel=loglevel, quiet=True)
    worker.execute_from_commandline()
    return 0


def _replay(settings: Settings, paths: list[str]) -> int:
    from streams.clients.replay import replay

    report = replay(settings, paths, progress=sys.stderr.isatty())
    for item in report.invalid:
        reason = item.error.reason if item.error else "unknown"
        print(f"warning: {item.origin}: {reason}; sent as is, the worker dead-letters it", file=sys.stderr)
    print(f"published {report.sent} record(s) to {settings.topic_prefix}articles.raw.v1 "
          f"({len(report.ids)} article(s), {len(report.invalid)} unreadable)")
    return 0


def _tail(settings: Settings, args: argparse.Namespace) -> int:
    from streams.clients.kafka import make_consumer, read_records
    from streams.clients.render import render
    from streams.runtime.topics import TopicNames

    topic = getattr(TopicNames.from_settings(settings), TAIL_TOPICS[args.topic])
    consumer = make_consumer(settings, topic, from_beginning=not args.new)
    shown = [0]

    def enough() -> bool:
        return args.max is not None and shown[0] >= args.max

    try:
        for name, _key, value in read_records(consumer, timeout_s=None if args.follow else args.timeout, stop=enough):
            print(json.dumps(value, ensure_ascii=False) if args.json else render(name, value) + "\n", flush=True)
            shown[0] += 1
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
    return 0


def _subscribe(settings: Settings, args: argparse.Namespace) -> int:
    from streams.clients.subscribe import post_json, run_command, subscribe

    def deliver(alert: dict) -> object:
        return post_json(args.webhook, alert) if args.webhook else run_command(args.command, alert)

    group = args.group or f"{settings.app_id}-subscriber"
    print(f"delivering alerts (>= {args.min_severity}) as group {group}; Ctrl-C to stop", file=sys.stderr)
    try:
        count = subscribe(settings, deliver, group=group, min_severity=args.min_severity, max_alerts=args.max,
                          from_beginning=args.from_beginning)
    except KeyboardInterrupt:
        return 0
    print(f"delivered {count} alert(s)", file=sys.stderr)
    return 0


def _dashboard(settings: Settings, host: str, port: int) -> int:
    from streams.clients.dashboard import DashboardServer

    server = DashboardServer(settings, host, port)
    print(f"dashboard on http://{host}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def _analyze(files: list[str]) -> int:
    from agents.offline import Pipeline
    from streams.clients.files import read_paths, read_stream

    items = read_paths(files) if files else read_stream(sys.stdin.buffer)  # type: ignore[arg-type]
    pipeline, bad = Pipeline(Settings()), 0

    def articles():  # type: ignore[no-untyped-def]
        nonlocal bad
        for item in items:
            if item.article is None:
                bad += 1
                print(f"error: {item.origin}: {item.error}", file=sys.stderr)
                continue
            yield item.article

    from tqdm import tqdm

    # A progress bar on long runs, on the terminal only: standard output stays one JSON object a line.
    progress = tqdm(desc="analyze", unit="article", disable=not sys.stderr.isatty(), file=sys.stderr)
    for analysis in pipeline.analyze_many(articles()):
        print(json.dumps(analysis.to_contract(), ensure_ascii=False, default=str), flush=True)
        progress.update()
    progress.close()
    return 1 if bad else 0


def _eval(stage: str, args: list[str]) -> int:
    module = importlib.import_module(f"streams.evaluation.{stage}")
    return int(module.main(args) or 0)


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
        if args.command == "broker":
            return _broker(settings, args.action)
        if args.command == "topics":
            return _topics(settings)
        if args.command == "worker":
            return _worker(settings, args.loglevel)
        if args.command == "replay":
            return _replay(settings, args.paths)
        if args.command == "tail":
            return _tail(settings, args)
        if args.command == "subscribe":
            return _subscribe(settings, args)
        if args.command == "dashboard":
            return _dashboard(settings, args.host, args.port)
        if args.command == "analyze":
            return _analyze(args.files)
        if args.command == "eval":
            return _eval(args.stage, args.args)
        from streams.ops.demo import run_demo

        return run_demo(settings)
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
