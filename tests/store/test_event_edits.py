"""Events edited by hand through the service: versions, conflicts, history, undoable
deletes, and the officer's note in search, on SQLite and on PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import textwrap

import pytest

from viewer.domain.edits import EditConflict
from viewer.domain.model import ActorRef, Annotation, Event, Precision, Source


@pytest.fixture
def call(service):
    found = [e for e in service.events() if "call" in e.type and e.start.year == 2025]
    assert found
    return found[0]


def version_of(service, event_id: int) -> int:
    return service.event_detail(event_id).version


def test_an_edit_changes_the_event_raises_its_version_and_is_recorded(service, call):
    v = version_of(service, call.id)
    fixed = dataclasses.replace(call, start=dt.date(2025, 6, 1), type="talks",
                                note="The call was on Sunday 1 June, not 31 May.")
    assert service.update_event(call.id, fixed, v) == v + 1
    got = service.event_detail(call.id)
    assert (got.event.start, got.event.type, got.version) == (dt.date(2025, 6, 1), "talks", v + 1)
    assert got.event.note.startswith("The call was on Sunday")
    assert got.event.origin_dataset == call.origin_dataset  # provenance kept
    last = service.history("event", call.id)[-1]
    assert last.action == "edited" and last.changed_by
    assert last.old == {"start": call.start.isoformat(), "type": call.type, "note": ""}
    assert last.new["start"] == "2025-06-01" and last.new["type"] == "talks"
    # The note is searchable, in any column and in its own.
    assert call.id in service.search("sunday") and service.search("notes:sunday") == [call.id]
    assert service.search("title:sunday") == []


def test_an_edit_against_an_old_version_is_refused_with_theirs(service, call):
    v = version_of(service, call.id)
    service.update_event(call.id, dataclasses.replace(call, title="Their title"), v)
    with pytest.raises(EditConflict) as info:
        service.update_event(call.id, dataclasses.replace(call, title="My title"), v)
    assert info.value.theirs.title == "Their title" and info.value.their_version == v + 1
    assert service.event_detail(call.id).event.title == "Their title"  # not overwritten


def test_links_are_replaced_and_new_actors_and_sources_made(service, call):
    v = version_of(service, call.id)
    edited = dataclasses.replace(
        call, countries=("AFG", "PAK", "QAT"),
        actors=(ActorRef("Ishaq Dar", "primary"), ActorRef("Qatari mediator", "mediator")),
        tags=("call", "doha"), sources=(Source("Dawn", "https://www.dawn.com/x", "A report"),))
    service.update_event(call.id, edited, v)
    got = service.event_detail(call.id).event
    assert got.countries == ("AFG", "PAK", "QAT") and got.tags == ("call", "doha")
    assert {(a.name, a.role) for a in got.actors} == {("Ishaq Dar", "primary"),
                                                     ("Qatari mediator", "mediator")}
    assert [x.url for x in got.sources] == ["https://www.dawn.com/x"]
    assert call.id in service.search("actors:qatari")


def test_create_delete_and_restore_round_trip(service):
    new = service.create_event(Event("Envoy to visit Kabul next week", dt.date(2025, 11, 20),
                                     "visit", precision=Precision.APPROXIMATE,
                                     countries=("PAK", "AFG"), note="ask embassy"))
    assert new.id and service.search("envoy kabul")[0] == new.id
    v = version_of(service, new.id)
    deleted = service.delete_event(new.id, v)
    assert service.event_detail(new.id) is None and new.id not in service.search("envoy")
    service.restore_event(deleted)
    back = service.event_detail(new.id)
    assert back.event == new and back.version == v + 1
    assert new.id in service.search("envoy")
    assert [c.action for c in service.history("event", new.id)] == ["created", "deleted",
                                                                   "restored"]


def test_a_delete_by_someone_else_is_a_conflict(service, call):
    v = version_of(service, call.id)
    service.delete_event(call.id, v)
    with pytest.raises(EditConflict) as info:
        service.update_event(call.id, call, v)
    assert info.value.theirs is None


def test_an_import_counts_one_change_per_row(service):
    with service.write() as conn:
        from viewer.store.writer import EventWriter

        batch = conn.exec_driver_sql("SELECT max(id) FROM import_batch").scalar()
        EventWriter(conn, batch).add_all([Event("Imported", dt.date(2025, 1, 1), "other",
                                                origin_dataset="t", origin_id="1")])
    imported = service.event_by_origin("t", "1")
    (change,) = service.history("event", imported.id)
    assert change.action == "imported" and change.import_batch_id == batch


def test_annotations_round_trip(service):
    a = service.create_annotation(Annotation("Minister's visit planned", dt.date(2025, 12, 3)))
    assert a.id and a.version == 1 and service.annotations()[-1] == a
    b = service.update_annotation(dataclasses.replace(a, text="Visit confirmed"), 1)
    with pytest.raises(EditConflict):
        service.update_annotation(dataclasses.replace(a, text="Stale"), 1)
    deleted = service.delete_annotation(b.id, b.version)
    assert service.annotations() == []
    assert service.restore_annotation(deleted).text == "Visit confirmed"


def test_two_processes_editing_the_same_event(service, call):
    """Another officer's process edits first; this one's edit, read before, is refused."""
    v = version_of(service, call.id)
    script = textwrap.dedent(f"""
        import dataclasses
        from viewer.store.service import StoreService
        s = StoreService.open({service.target!r})
        e = s.event_detail({call.id}).event
        s.update_event({call.id}, dataclasses.replace(e, title="Changed by a colleague"), {v})
        s.close()
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    with pytest.raises(EditConflict) as info:
        service.update_event(call.id, dataclasses.replace(call, title="Mine"), v)
    assert info.value.theirs.title == "Changed by a colleague"
    assert service.event_detail(call.id).event.title == "Changed by a colleague"
