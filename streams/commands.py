"""The functions behind each ``wirewatch`` sub-command: ``run(settings, args)`` returns the exit status.

Heavy modules (Kafka clients, Faust, the pipeline) are imported inside each function, so ``wirewatch --help``
and the commands that do not need them stay quick.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys

from streams.clients.kafka import require_broker
from streams.runtime.settings import Settings

TAIL_TOPICS = {"raw": "raw", "unique": "unique", "duplicates": "duplicates", "tagged": "tagged",
               "alerts": "alerts", "deadletter": "deadletter", "alerts-deadletter": "alerts_deadletter"}


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

    require_broker(settings)
    created = ensure_topics(settings)
    for name in TopicNames.from_settings(settings).all():
        print(f"{name}{'  (created)' if name in created else ''}")
    return 0


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    import faust

    from streams.runtime.app import create_app
    from streams.runtime.topics import ensure_topics

    require_broker(settings)  # before Faust and aiokafka, which would log every retry
    ensure_topics(settings)
    # Models load before Faust starts, so the worker joins its group ready (README, "Recovery").
    worker = faust.Worker(create_app(settings, eager=True), loglevel=args.loglevel, quiet=True)
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

    require_broker(settings)
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

    require_broker(settings)
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
    require_broker(settings)
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
    require_broker(settings)
    print(f"delivering alerts ({only.describe()}) as group {group}; Ctrl-C to stop", file=sys.stderr)
    report = subscribe(settings, deliver, group=group, only=only, max_alerts=args.max,
                       from_beginning=args.from_beginning)
    print(f"delivered {report.delivered} alert(s); {report.dead_lettered} dead-lettered to "
          f"{TopicNames.from_settings(settings).alerts_deadletter}; {report.filtered} filtered out", file=sys.stderr)
    return 0


def _dashboard(settings: Settings, args: argparse.Namespace) -> int:
    from streams.clients.dashboard import DashboardServer

    require_broker(settings)  # later outages show as "stale" on the page; at start, one line and exit
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

    require_broker(settings)
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

    if not settings.uses_local_broker:  # the local one the demo starts itself
        require_broker(settings)
    return run_demo(settings)
