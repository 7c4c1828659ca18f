"""Trade figures edited by hand through the service: versions, conflicts, history, undoable
deletes that keep restatements, and imports recorded one change a figure, on SQLite and on
PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import textwrap

import pytest

from viewer.domain.edits import EditConflict
from viewer.domain.figure_draft import FigureDraft, check_figure
from viewer.domain.model import Source
from viewer.domain.periods import month_period


@pytest.fixture
def figures(service):
    return {f.origin_id: f for f in service.trade_figures(reporter="PAK")}


def test_an_edit_changes_the_figure_raises_its_version_and_is_recorded(service, figures):
    first = figures["sbp-pak-afg-x-fy2019-20-first"]
    fixed = dataclasses.replace(first, value_usd=888_000_000.0, estimated=True,
                                officer_note="SBP revised this; check the July release")
    after = service.update_trade_figure(fixed, first.version)
    assert (after.value_usd, after.estimated, after.version) == (888e6, True,
                                                                 first.version + 1)
    assert after.officer_note.startswith("SBP revised this")
    assert (after.origin_dataset, after.origin_id) == (first.origin_dataset, first.origin_id)
    assert after.superseded_by == first.superseded_by  # the restatement stays linked
    assert [x.outlet for x in after.sources] == [x.outlet for x in first.sources]
    last = service.history("trade_figure", first.id)[-1]
    assert last.action == "edited" and last.changed_by
    assert last.old == {"value_usd": first.value_usd, "estimated": False, "note": ""}
    assert last.new["value_usd"] == 888e6 and last.new["estimated"] is True


def test_an_edit_against_an_old_version_is_refused_with_theirs(service, figures):
    f = figures["sbp-pak-afg-x-2022-12"]
    service.update_trade_figure(dataclasses.replace(f, value_usd=1.0), f.version)
    with pytest.raises(EditConflict) as info:
        service.update_trade_figure(dataclasses.replace(f, value_usd=2.0), f.version)
    assert info.value.theirs.value_usd == 1.0 and info.value.their_version == f.version + 1
    assert service.trade_figure(f.id).value_usd == 1.0  # not overwritten


def test_sources_are_replaced_and_new_ones_made(service, figures):
    f = figures["sbp-pak-afg-x-2022-12"]
    edited = dataclasses.replace(f, sources=(
        Source("Dawn", "https://www.dawn.com/news/1", "Exports to Afghanistan"), *f.sources))
    got = service.update_trade_figure(edited, f.version)
    assert [x.outlet for x in got.sources] == ["Dawn", *(x.outlet for x in f.sources)]


def test_create_from_a_draft_delete_and_restore_round_trip(service):
    draft = FigureDraft(reporter="Pakistan", partner="AFG", flow="transit",
                        period_kind="month", start=dt.date(2025, 3, 17), value="US$ 41.5 million",
                        sources="Dawn | https://www.dawn.com/news/2", note="ask the embassy")
    figure, errors = check_figure(draft)
    assert errors == {}
    new = service.create_trade_figure(figure)
    assert new.id and new.period == month_period(2025, 3, "PAK") and new.value_usd == 41.5e6
    assert new.officer_note == "ask the embassy" and new.version == 1
    deleted = service.delete_trade_figure(new.id, new.version)
    assert service.trade_figure(new.id) is None
    back = service.restore_trade_figure(deleted)
    assert dataclasses.replace(back, version=1) == new and back.version == 2
    assert [c.action for c in service.history("trade_figure", new.id)] == [
        "created", "deleted", "restored"]


def test_deleting_a_restated_figure_then_undoing_keeps_the_restatement(service, figures):
    first = figures["sbp-pak-afg-x-fy2019-20-first"]
    restated = figures["sbp-pak-afg-x-fy2019-20"]
    deleted = service.delete_trade_figure(first.id, first.version)
    assert service.trade_figure(restated.id).supersedes_id is None
    service.restore_trade_figure(deleted)
    assert service.trade_figure(restated.id).supersedes_id == first.id
    assert service.trade_figure(first.id).superseded_by == restated.id


def test_a_delete_by_someone_else_is_a_conflict(service, figures):
    f = figures["sbp-pak-afg-x-2022-12"]
    service.delete_trade_figure(f.id, f.version)
    with pytest.raises(EditConflict) as info:
        service.update_trade_figure(f, f.version)
    assert info.value.theirs is None


def test_an_import_counts_one_change_per_figure(service):
    from viewer.domain.model import Flow, TradeFigure
    from viewer.store.writer import TradeWriter

    period = month_period(2025, 1, "PAK")
    with service.write() as conn:
        batch = conn.exec_driver_sql("SELECT max(id) FROM import_batch").scalar()
        TradeWriter(conn, batch).add_all([TradeFigure("PAK", "AFG", Flow.EXPORT, period, 9e7,
                                                      origin_dataset="t", origin_id="1")])
    (f,) = [f for f in service.trade_figures() if f.origin_dataset == "t"]
    (change,) = service.history("trade_figure", f.id)
    assert change.action == "imported" and change.import_batch_id == batch
    with service.write() as conn:  # the same figure again, with a new value
        TradeWriter(conn, batch).add_all([TradeFigure("PAK", "AFG", Flow.EXPORT, period, 8e7,
                                                      origin_dataset="t", origin_id="1")])
    assert [c.action for c in service.history("trade_figure", f.id)] == ["imported",
                                                                        "re-imported"]
    assert service.trade_figure(f.id).version == f.version + 1


def test_two_processes_editing_the_same_figure(service, figures):
    """Another officer's process edits first; this one's edit, read before, is refused."""
    f = figures["sbp-pak-afg-x-2022-12"]
    script = textwrap.dedent(f"""
        import dataclasses
        from viewer.store.service import StoreService
        s = StoreService.open({service.target!r})
        f = s.trade_figure({f.id})
        s.update_trade_figure(dataclasses.replace(f, officer_note="a colleague's"), {f.version})
        s.close()
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    with pytest.raises(EditConflict) as info:
        service.update_trade_figure(dataclasses.replace(f, officer_note="mine"), f.version)
    assert info.value.theirs.officer_note == "a colleague's"
    assert service.trade_figure(f.id).officer_note == "a colleague's"
