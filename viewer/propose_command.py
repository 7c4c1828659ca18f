"""`viewer propose ARTICLE`: candidate events, trade figures and counts from a news report,
printed (or as JSON), and with --save stored with the article as their source."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_parser(sub, db_help: str, date_type) -> None:  # noqa: ANN001
    """Register the `propose` subcommand."""
    p = sub.add_parser("propose", help="propose events and figures from a news article",
                       description="Read a news report (.txt or .html) and propose the "
                       "events, trade figures and counts it reports, each with the sentence "
                       "it came from. Offline: nothing leaves the machine.")
    p.add_argument("article", type=Path, help="the article: a .txt or .html file")
    p.add_argument("--db", help=db_help, dest="sub_db")
    p.add_argument("--json", action="store_true", help="print the candidates as JSON")
    p.add_argument("--save", action="store_true",
                   help="store the candidates that are complete, citing the article")
    p.add_argument("--outlet", default="", help="who published it (default: the file name)")
    p.add_argument("--url", help="its web address")
    p.add_argument("--date", type=date_type, help="its date, when it has no dateline")


def run_propose(db: str | None, args: argparse.Namespace) -> int:
    """Run `viewer propose`; errors are raised for the CLI to print as one line."""
    from viewer.cli_errors import EXIT_OK, CliError
    from viewer.domain.proposals import Article
    from viewer.io.article_extraction import propose
    from viewer.io.article_text import read_article
    from viewer.io.default_store import open_or_create_default

    path: Path = args.article
    if not path.is_file():
        raise CliError(f"{path}: no such file")
    text, title = read_article(path)
    article = Article(text, args.outlet or path.stem, title, args.url, args.date)
    store = open_or_create_default(db, read_only=not args.save)
    try:
        proposals = propose(article, store.actors())
        if args.json:
            print(json.dumps([p.as_json() for p in proposals], ensure_ascii=False, indent=2))
        else:
            for n, p in enumerate(proposals, start=1):
                when = f"{p.date} ({p.precision})" if p.date else f"no date ({p.date_from})"
                print(f"{n}. {p.kind}: {p.title} · {when} · {', '.join(p.countries) or '–'}")
                print(f"   “{p.sentence[:160]}{'…' if len(p.sentence) > 160 else ''}”")
        if args.save:
            from viewer.io.article_saving import save_proposals

            saved = save_proposals(store, article, proposals)
            for problem in saved.skipped:
                print(f"viewer: warning: not saved: {problem}", file=sys.stderr)
            print(f"saved {len(saved.events)} events and {len(saved.figures)} trade figures "
                  f"citing {article.outlet}", file=sys.stderr if args.json else sys.stdout)
    finally:
        store.close()
    return EXIT_OK
