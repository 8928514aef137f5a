"""Article text from an entry's HTML or a fetched page, with the page furniture dropped.

Furniture is what a page or feed wraps around the story: share and newsletter panels, "related" and
"most read" lists of other headlines, "watch live" banners, footers, "The post ... appeared first on".
It is removed in three passes, cheapest and surest first:

1. a conservative clean-up of the HTML: elements that are never article text (IngestRules: tags such as
   nav, aside, footer; classes or ids such as ``share``, ``related``, ``newsletter``) and link-dense blocks
   (a list of other headlines is mostly link text) are dropped;
2. trafilatura's extraction (precision first) on what is left, which also weighs text density and
   structure; its text is kept unless it drops most of the clean-up's (then it took the article for
   chrome, and the clean-up stands);
3. whole lines that are boilerplate (IngestRules patterns), and paragraphs that recur across many
   entries of the same feed document (:func:`recurring`), are dropped.

For a fetched page (``--fetch-pages``) trafilatura reads the whole page, then pass 3 runs.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence

from lxml import etree
from lxml.html import HtmlElement, fragment_fromstring, tostring

from streams.clients.feeds.rules import IngestRules

log = logging.getLogger(__name__)

_BLOCKS = ("p", "div", "section", "article", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr",
           "dd", "dt", "ul", "ol", "table", "dl")
_CONTAINERS = ("ul", "ol", "dl", "table", "div", "section", "p")
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# trafilatura's output is one paragraph a line; under about this share of the clean-up's words, it ate the story.
_TRAFILATURA_MIN_SHARE = 1 / 3


def words(text: str) -> int:
    """Number of words in ``text``."""
    return len(_WORD.findall(text))


def _is_furniture(element: HtmlElement, rules: IngestRules) -> bool:
    tag = element.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return True
    names = " ".join(filter(None, (element.get("class"), element.get("id"), element.get("role"))))
    return tag.lower() in rules.tags or bool(names and rules.class_words.search(names))


def _link_dense(element: HtmlElement, rules: IngestRules) -> bool:
    text = _SPACE.sub(" ", element.text_content()).strip()
    if not text:
        return False
    linked = sum(len(_SPACE.sub(" ", a.text_content()).strip()) for a in element.iter("a"))
    return linked / len(text) >= rules.link_dense_ratio


def _cleaned_tree(fragment: str, rules: IngestRules) -> HtmlElement | None:
    try:
        root = fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return None
    for element in list(root.iterdescendants()):
        if _is_furniture(element, rules):
            element.drop_tree()
    for element in list(root.iterdescendants(*_CONTAINERS)):
        if _link_dense(element, rules):
            element.drop_tree()
    return root


def _tree_paragraphs(root: HtmlElement) -> list[str]:
    for element in root.iter(*_BLOCKS, "li", "br"):
        element.tail = ("\n" if element.tag == "br" else "\n\n") + (element.tail or "")
        if element.tag == "li":  # list items read as trafilatura writes them
            element.text = "- " + (element.text or "")
    text = root.text_content()
    return [p for p in (_SPACE.sub(" ", block).strip() for block in re.split(r"\n\s*\n", text)) if p]


def _trafilatura(document: str | bytes, url: str | None = None) -> list[str]:
    import trafilatura

    try:
        text = trafilatura.extract(document, url=url, favor_precision=True, include_comments=False,
                                   include_tables=False, include_links=False, include_images=False,
                                   deduplicate=False)
    except Exception as exc:  # noqa: BLE001 - a page trafilatura cannot read has no text; say why in the log
        log.debug("trafilatura failed on %s: %s", url or "entry content", exc)
        return []
    return [p for p in (_SPACE.sub(" ", line).strip() for line in (text or "").splitlines()) if p]


def without_furniture_lines(paragraphs: Sequence[str], rules: IngestRules) -> list[str]:
    """``paragraphs`` less the ones that are boilerplate as a whole (IngestRules line patterns)."""
    return [p for p in paragraphs if not rules.is_furniture_line(p)]


def entry_paragraphs(fragment: str, rules: IngestRules) -> list[str]:
    """The article paragraphs of an entry's HTML content (passes 1 to 3 but the per-feed one)."""
    root = _cleaned_tree(fragment, rules)
    if root is None:
        return []
    document = "<html><body><article>" + tostring(root, encoding="unicode") + "</article></body></html>"
    cleaned = _tree_paragraphs(root)
    if not cleaned:
        return []
    extracted = _trafilatura(document)
    cleaned_words = sum(map(words, cleaned))
    chosen = extracted if sum(map(words, extracted)) >= cleaned_words * _TRAFILATURA_MIN_SHARE else cleaned
    return without_furniture_lines(chosen, rules)


def without_title(paragraphs: Sequence[str], title: str) -> list[str]:
    """``paragraphs`` less a first one that repeats the headline (pages and some feeds open with it)."""
    if paragraphs and title and _norm(paragraphs[0]) == _norm(title):
        return list(paragraphs[1:])
    return list(paragraphs)


def page_paragraphs(page: bytes, url: str, rules: IngestRules) -> list[str]:
    """The article paragraphs of a fetched web page (trafilatura, then the line patterns)."""
    return without_furniture_lines(_trafilatura(page, url), rules)


def _norm(paragraph: str) -> str:
    return " ".join(_WORD.findall(paragraph.lower()))


def recurring(documents: Sequence[Sequence[str]], *, min_entries: int = 3, min_share: float = 0.5) -> set[str]:
    """Paragraphs (normalised) found in at least ``min_entries`` entries and ``min_share`` of a feed document.

    A block that a feed appends to many different stories (a footer, a list of other headlines, a "watch
    live" panel) is the publisher's, not the story's.
    """
    counts = Counter(key for paragraphs in documents for key in {_norm(p) for p in paragraphs if _norm(p)})
    needed = max(min_entries, min_share * len(documents))
    return {key for key, count in counts.items() if count >= needed}


def drop_recurring(paragraphs: Sequence[str], furniture: set[str]) -> list[str]:
    """``paragraphs`` less those :func:`recurring` found."""
    return [p for p in paragraphs if _norm(p) not in furniture]
