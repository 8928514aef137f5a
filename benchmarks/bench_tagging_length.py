"""Tagging time and memory against the length of one article: is the tagger linear in the text's length?

Run: ``.venv/bin/python benchmarks/bench_tagging_length.py [--sizes 25,50,100,200] [--repeat N]``.

Each text is generated prose (seeded, so every run tags the same texts): news-style sentences naming many
different people (given name x surname), cities of the gazetteer with over 100,000 people, countries and
organisations, about one entity every 40 characters, cut to the size at a sentence end. Each size is
tagged in a fresh child process (the model loaded and warmed up first), so its peak RSS (VmHWM) is that
of one article of that size. The last row is the longest text the input limits accept
(``max_body_chars``): the measured bound of one article's tagging cost.

Prints wall and CPU seconds (best of ``--repeat``), entities found and peak RSS per size, and the ratio
time(largest)/time(smallest) in CPU seconds (the process's own time, less disturbed than the wall clock
on a shared machine): a linear tagger gives about the ratio of the sizes (8 for 200/25 KB), a quadratic
one its square (64). Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
from pathlib import Path

from streams.runtime.records import Article
from streams.runtime.settings import Settings

GIVEN = ("Maria", "Ahmed", "Olena", "Kenji", "Fatima", "Carlos", "Ingrid", "Tunde", "Priya", "Mikhail", "Aisha",
         "Jonas", "Lucia", "Dmitri", "Grace", "Hassan", "Sofia", "Raj", "Elena", "Samuel", "Yusuf", "Anna")
SURNAMES = ("Kowalski", "Haddad", "Petrenko", "Tanaka", "Okafor", "Mendoza", "Lindqvist", "Adeyemi", "Sharma",
            "Volkov", "Rahman", "Berger", "Moretti", "Ivanov", "Mensah", "Karimi", "Novak", "Gupta", "Costa",
            "Nakamura", "Schmidt", "Dubois", "Abubakar", "Fernandes", "Sato", "Jensen", "Castillo", "Yilmaz")
ORG_HEADS = ("Ministry of Defence", "Central Bank", "Chamber of Commerce", "Energy Agency", "Football Club",
             "University", "Workers' Union", "Red Cross", "Port Authority", "Stock Exchange")
COMPANIES = ("Northwind Holdings", "Atlas Shipping", "Meridian Energy", "Bluestone Mining", "Helix Pharma",
             "Crescent Airways", "Orion Telecom", "Summit Steel")
SENTENCES = (
    "{person}, a spokesperson for the {org}, said talks with officials in {city} would resume on Monday.",
    "In {city}, {person} told reporters that {country} had sent a delegation to {city2}.",
    "{company} said its offices in {city} and {city2} were closed after protests, according to {person}.",
    "The {org} in {city} confirmed that {person} met {person2} to discuss trade with {country}.",
    "Officials from {country} and {country2} met in {city} on Tuesday, {person} said.",
    "{person2} of {company} said exports from {city} to {country} fell by a third this year.",
    "Residents of {city} gathered outside the {org} as {person} arrived from {city2}.",
)


def prose(chars: int, seed: int = 12) -> str:
    """Entity-dense news prose of about ``chars`` characters, cut at a sentence end."""
    from agents.knowledge.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    cities = sorted({p.canonical for ps in gazetteer.cities.values() for p in ps
                     if p.population > 100_000 and p.canonical.isascii()})
    countries = sorted(p.canonical for p in gazetteer.countries.values() if "," not in p.canonical)
    rng = random.Random(seed)  # noqa: S311 - seeded text for a benchmark, no secret
    people = [f"{g} {s}" for g in GIVEN for s in SURNAMES]
    sentences, size = [], 0
    while size < chars:
        template = rng.choice(SENTENCES)
        sentence = template.format(
            person=rng.choice(people), person2=rng.choice(people), city=rng.choice(cities),
            city2=rng.choice(cities), country=rng.choice(countries), country2=rng.choice(countries),
            org=f"{rng.choice(cities)} {rng.choice(ORG_HEADS)}", company=rng.choice(COMPANIES))
        sentences.append(sentence)
        size += len(sentence) + 1
        if len(sentences) % 6 == 0:
            sentences.append("\n\n")
    return " ".join(sentences).replace(" \n\n ", "\n\n")[:chars].rsplit(".", 1)[0] + "."


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(chars: int, repeat: int, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Tag one text of ``chars`` characters ``repeat`` times in this (child) process; queue the figures."""
    from agents.entities.tagger import EntityTagger

    tagger = EntityTagger()
    tagger.tag(Article(id="warm", title="Warm up", body=prose(2_000, seed=1)))
    loaded = peak_rss_mb()
    article = Article(id=f"len-{chars}", title="", body=prose(chars))
    best, cpu, found = float("inf"), float("inf"), 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        found = len(tagger.tag(article))
        best, cpu = min(best, time.perf_counter() - start), min(cpu, time.process_time() - start_cpu)
    results.put((len(article.text), best, cpu, found, loaded, peak_rss_mb()))


def run(chars: int, repeat: int) -> tuple[int, float, float, int, float, float]:
    """The figures of one size, measured in a fresh process."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    child = context.Process(target=measure, args=(chars, repeat, results))
    child.start()
    figures = results.get()
    child.join()
    return figures  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25,50,100,200", help="text sizes in KB (1,000 characters)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    limit = Settings().max_body_chars
    sizes = [int(s) * 1000 for s in args.sizes.split(",")]
    out = sys.stdout
    out.write(f"{'text':>24} {'chars':>8} {'wall s':>8} {'CPU s':>8} {'entities':>8} {'RSS loaded':>11} "
              f"{'RSS peak':>9}\n")
    rows = []
    for chars in [*sizes, limit]:
        label = f"max_body_chars ({limit:,})" if chars == limit else f"{chars // 1000} KB"
        length, seconds, cpu, found, loaded, peak = run(chars, args.repeat)
        rows.append((chars, cpu))
        out.write(f"{label:>24} {length:8d} {seconds:8.2f} {cpu:8.2f} {found:8d} {loaded:9.0f}MB {peak:7.0f}MB\n")
        out.flush()
    (small, t_small), (large, t_large) = rows[0], rows[len(sizes) - 1]
    out.write(f"CPU time({large // 1000} KB)/CPU time({small // 1000} KB) = {t_large / t_small:.1f} "
              f"(linear: {large / small:.0f}, quadratic: {(large / small) ** 2:.0f})\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
