"""docker-compose.yml cannot run here (no Docker engine): check what it says instead."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def test_kafka_service_is_a_kraft_broker_and_controller():
    env = _compose()["services"]["kafka"]["environment"]
    assert _compose()["services"]["kafka"]["image"].startswith("apache/kafka:4.")
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"].startswith(env["KAFKA_NODE_ID"] + "@kafka:")
    listeners = dict(item.split("://") for item in env["KAFKA_LISTENERS"].split(","))
    protocols = dict(item.split(":") for item in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    assert set(listeners) == set(protocols)
    assert env["KAFKA_CONTROLLER_LISTENER_NAMES"] in listeners


def test_worker_reaches_kafka_on_an_advertised_internal_listener():
    services = _compose()["services"]
    worker = services["worker"]
    advertised = services["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"].split(",")
    assert f"INTERNAL://{worker['environment']['KAFKA_BOOTSTRAP_SERVERS']}" in advertised
    assert worker["command"][:2] == ["wirewatch", "worker"]
    assert worker["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_worker_image_installs_the_hashed_lock_on_python_311():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    assert "--require-hashes -r requirements-runtime.lock" in dockerfile
    assert (REPO / _compose()["services"]["worker"]["build"] / "Dockerfile").exists()
