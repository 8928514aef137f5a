"""``wirewatch dashboard``: the live feed in a browser.

A small aiohttp server (:mod:`.server`) reads articles.tagged.v1, articles.duplicates.v1 and alerts.v1 with
one kafka-python consumer in a thread (:mod:`.reader`), keeps the recent records and the last hour's
entities in memory (:mod:`.feed`), and pushes new ones to every open page with Server-Sent Events. What a
page sees of a record is in :mod:`.records`; the Host check, the token and the security headers are in
:mod:`.security`. The page, its script and style and the world map (``static/world.json``, built once by
:mod:`.worldmap` from Natural Earth) are shipped in the package: no CDN, no tile server.
"""

from .server import DashboardServer

__all__ = ["DashboardServer"]
