"""Severity tells a passing mention in a market report (low) from an official's direct warning."""

from __future__ import annotations

import pytest

from agents.alerts.detector import AlertDetector
from agents.entities.tagger import EntityTagger
from streams.runtime.records import Alert, Article, TaggedArticle

# Written for this test: in neither the training files nor any evaluation set.
MARKET = ("Copper and nickel extend gains as dollar eases",
          "Base metals climbed for a third day on Thursday as the dollar eased and investors bought shares of "
          "miners. Stocks in the sector outperformed the wider market, and traders said inventories at "
          "exchange warehouses kept falling. Nickel also drew support from worries that Serbian army units could "
          "push into northern Kosovo, which brokers said had lifted demand for havens.")


@pytest.fixture(scope="module")
def detector() -> AlertDetector:
    return AlertDetector()


def detect(detector: AlertDetector, title: str, body: str) -> list[Alert]:
    article = Article(id="severity", title=title, body=body)
    [entities] = EntityTagger().tag_many([article])
    return detector.detect(TaggedArticle(article=article, story_id="s", entities=entities))


def test_business_frame_rules_out_the_article(detector: AlertDetector) -> None:
    assert detector.rules.ruled_out_frame(MARKET[0] + "\n" + MARKET[1]) == "business"


def test_a_passing_clause_in_a_market_report_is_a_low_alert(detector: AlertDetector) -> None:
    alerts = detect(detector, *MARKET)
    assert [(a.actor, a.target, a.severity) for a in alerts] == [("Serbia", "Kosovo", "low")]


def test_an_officials_direct_warning_is_not_low(detector: AlertDetector) -> None:
    body = ("The defence ministry in Pristina said on Monday that Serbian army units had been moved to the "
            "boundary and could push into northern Kosovo within days. Officials said tens of thousands of "
            "troops and several brigades were in place.")
    [alert] = detect(detector, "Kosovo says Serbian troops ready to move", body)
    assert (alert.actor, alert.target) == ("Serbia", "Kosovo")
    assert alert.severity in ("high", "critical")
