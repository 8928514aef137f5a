"""Property: ``analyze`` over any valid articles never raises and answers once per article, in order."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from functools import cache

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from agents.offline import Pipeline
from streams.runtime.records import Article

WARNINGS = [
    "U.S. officials said Russian troops could move on Ukraine as soon as Wednesday.",
    "Venezuelan battalions were ordered to move towards Guyana's border.",
    "Moldovan officials fear Russia could open a new front against Moldova from Transnistria.",
    "Olaf Scholz met Emmanuel Macron in Paris on Monday.",
]
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=120)
BODY = st.lists(st.sampled_from(WARNINGS) | TEXT, min_size=1, max_size=4).map(" ".join)
ZONES = st.none() | st.just(UTC) | st.builds(timezone, st.timedeltas(timedelta(hours=-23), timedelta(hours=23)))
FIELDS = st.fixed_dictionaries(
    {"id": st.sampled_from(["a1", "a2", "a3"]) | st.text(min_size=1, max_size=12), "body": BODY},
    optional={"title": TEXT, "source": st.sampled_from(["AP", "<b>AP</b>", "Reuters", "Associated Press"]) | TEXT,
              "url": st.sampled_from(["https://outlet.example/1", "https://www.outlet.example/1/?utm_source=x"]),
              "published_at": st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                                           timezones=ZONES)})


@st.composite
def articles(draw: st.DrawFn) -> Article:
    try:
        return Article.model_validate(draw(FIELDS))
    except ValidationError:
        assume(False)  # not a valid article (a blank body, a time out of range in UTC): not this property's input
        raise


@cache
def pipeline() -> Pipeline:
    return Pipeline()  # loaded once: the model is the slow part; each example starts from empty state


@settings(max_examples=40, deadline=timedelta(seconds=20), database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(articles(), min_size=1, max_size=6), st.integers(1, 4))
def test_analyze_answers_once_per_article_in_order_and_never_raises(batch: list[Article], batch_size: int) -> None:
    analyzer = pipeline()
    for tables in analyzer.tables.values():
        for table in tables.values():
            table.clear()
    results = list(analyzer.analyze_many(batch, batch_size=batch_size))
    assert [r.article for r in results] == batch
    for result in results:
        json.dumps(result.to_contract(), ensure_ascii=False, default=str).encode("utf-8")  # what the CLI prints
        assert result.story_id or result.failures  # decided, or refused with a reason
