"""The ticked candidates of an article stored, the article kept as their source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from viewer.domain.model import Source
from viewer.domain.proposals import Article, Proposal, event_of, trade_figure_of
from viewer.store.service import StoreService


@dataclass
class SavedProposals:
    """What was stored, and what was not with the reason."""

    source: Source | None = None
    events: list[int] = field(default_factory=list)
    figures: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def article_source(article: Article) -> Source:
    return Source(article.outlet or "Article", article.url, article.title or None,
                  article.published)


def save_proposals(store: StoreService, article: Article,
                   proposals: Sequence[Proposal]) -> SavedProposals:
    """Store the article (with its text) and every complete candidate citing it."""
    saved = SavedProposals(store.add_source(article_source(article), article.text))
    assert saved.source is not None
    known = store.actors()
    for p in proposals:
        try:
            if p.kind == "trade figure":
                saved.figures.append(store.create_trade_figure(trade_figure_of(p, saved.source)).id)
            else:
                created = store.create_event(event_of(p, saved.source, known))
                assert created.id is not None
                saved.events.append(created.id)
        except ValueError as exc:
            saved.skipped.append(str(exc))
    return saved
