"""The world map shipped with the dashboard (static/world.json) and the projection it was built with."""

from __future__ import annotations

import json
import re
from importlib import resources

import pycountry
import pytest

from streams.clients.dashboard.worldmap import WIDTH, path_data, project, simplify

RAW = resources.files("streams.clients").joinpath("static/world.json").read_bytes()
WORLD = json.loads(RAW)


def test_the_map_names_its_source_and_licence_and_stays_small():
    assert "Natural Earth" in WORLD["source"] and "public domain" in WORLD["licence"]
    assert len(RAW) < 100_000


def test_every_shape_is_a_known_state_drawn_as_plain_path_data_within_the_frame():
    _x, _y, width, height = WORLD["viewBox"]
    for code, shape in WORLD["countries"].items():
        assert pycountry.countries.get(alpha_2=code) or code == "XK", code
        assert re.fullmatch(r"M[-0-9. mlz]+", shape["d"]), code
        assert 0 <= shape["at"][0] <= width and 0 <= shape["at"][1] <= height, code


@pytest.mark.parametrize("code", ["RU", "UA", "CN", "TW", "US", "IL", "IR", "KP", "KR", "AZ", "AM", "RS", "XK",
                                  "IN", "PK", "VE", "GY", "ET", "ER", "SD", "SS", "FR", "NO"])
def test_the_states_of_the_news_have_a_shape(code):
    assert code in WORLD["countries"]


@pytest.mark.parametrize("code", ["BH", "SG", "MT", "QA"])
def test_states_too_small_to_draw_have_a_point(code):
    assert code in WORLD["points"] or code in WORLD["countries"]


def test_the_projection_spans_the_width_and_puts_north_up():
    assert project(-180, 0)[0] == 0 and project(180, 0)[0] == WIDTH
    assert project(0, 60)[1] < project(0, 0)[1] < project(0, -55)[1]


def test_simplification_keeps_corners_and_drops_points_on_a_straight_edge():
    square = [(0.0, 0.0), (5.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]
    assert simplify(square, 0.5) == [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    assert path_data([[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]]) == "M0 0l10 0 0 10z"
