"""Text encodings: files written here in cp1256, cp1252, UTF-16 and UTF-8 with BOM read back
exactly, or are refused with the question and the candidates; nothing is stored garbled."""

from __future__ import annotations

import pytest
from importer_files import acled_row, count, snapshot, write_acled
from sqlalchemy import text

from viewer.cli import run
from viewer.io.importers.cli import ADVICE
from viewer.io.importers.runner import import_file
from viewer.io.importers.textfile import inspect_text, peek, scan

# Arabic-script notes as desk officers receive them: Pashto/Dari place names, Urdu
# phrases; only letters that Windows-1256 has (it lacks Farsi yeh, so Arabic yeh is used).
ARABIC = [("طورخم", "خروج مهاجرين افغان از مرز طورخم"),
          ("چمن", "بسته شدن گذرگاه چمن براي تجارت"),
          ("پشاور", "پاکستان اور افغانستان کے درميان مذاکرات")]
LATIN = [("Genève", "Café talks in Genève: réunion à propos du commerce frontalier"),
         ("Köln", "Außenminister trifft Amtskollegen; Gespräche über Grenzübergänge"),
         ("Peshawar", "Reunión en Peshawar – diálogo sobre refugiados afganos, 5 °C")]


def _rows(places: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [acled_row(i, location=place, notes=note) for i, (place, note) in enumerate(places)]


def _stored(store) -> list[tuple[str, str]]:
    with store.store.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT location, summary FROM event ORDER BY origin_id"))]


@pytest.mark.parametrize(("encoding", "bom", "places"), [
    ("cp1252", False, LATIN), ("utf-16", False, ARABIC + LATIN), ("utf-8", True, ARABIC + LATIN),
    ("utf-8", False, ARABIC + LATIN)])
def test_files_that_say_or_show_their_encoding_round_trip(store, tmp_path, encoding, bom,
                                                          places):
    path = write_acled(tmp_path / "notes.csv", _rows(places), encoding=encoding, bom=bom)
    report = import_file(store, path)
    assert report.ok and report.added == len(places), report.lines()
    assert _stored(store) == places


def test_arabic_code_page_is_refused_with_the_question_then_read_as_told(store, tmp_path):
    path = write_acled(tmp_path / "pashto.csv", _rows(ARABIC), encoding="cp1256")
    before = snapshot(store)
    report = import_file(store, path)
    assert not report.ok and report.remedy == "encoding" and snapshot(store) == before
    message = report.summary(ADVICE)
    # The question: the best guess, a sample line in it, the candidates, the option.
    assert "cannot be sure how the text is encoded" in message
    assert "best guess cp1256" in message and "line 2 reads" in message
    assert "خروج مهاجرين" in message and "candidates: cp1256" in message
    assert message.endswith("import again with --encoding NAME")
    again = import_file(store, path, encoding="windows-1256")
    assert again.ok and again.added == 3 and again.encoding == "cp1256"
    assert "text read as cp1256 (Windows-1256 (Arabic)), as asked" in again.notes
    assert _stored(store) == ARABIC


def test_cli_refuses_in_one_line_and_takes_encoding(store, tmp_path, capsys):
    path = write_acled(tmp_path / "urdu.csv", _rows(ARABIC), encoding="cp1256")
    db = store.target
    assert run(["import", str(path), "--db", db]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("viewer: error: urdu.csv: cannot be sure how the text is encoded")
    assert run(["import", str(path), "--encoding", "cp1256", "--db", db]) == 0
    assert "3 events added" in capsys.readouterr().out
    assert _stored(store) == ARABIC


def test_an_encoding_the_bytes_do_not_fit_is_refused(store, tmp_path):
    path = write_acled(tmp_path / "ar.csv", _rows(ARABIC), encoding="cp1256")
    report = import_file(store, path, encoding="utf-8")
    assert not report.ok and "the text is not utf-8: byte" in report.refused
    assert "(line 2)" in report.refused and count(store, "event") == 0
    unknown = import_file(store, path, encoding="klingon")
    assert "unknown encoding 'klingon'" in unknown.refused


def test_utf8_that_was_mis_decoded_once_is_not_stored(store, tmp_path):
    garbled = [(p, n.encode("utf-8").decode("cp1252")) for p, n in LATIN[:2]]
    path = write_acled(tmp_path / "twice.csv", _rows(garbled))
    report = import_file(store, path)
    assert not report.ok and "reads like UTF-8 that was decoded" in report.refused
    assert count(store, "event") == 0


def test_non_utf8_bytes_after_the_first_64_kb_are_found(store, tmp_path):
    rows = [acled_row(i) for i in range(400)] + _rows(LATIN[:1])
    rows[-1]["event_id_cnty"] = "LATE1"
    path = write_acled(tmp_path / "late.csv", rows, encoding="cp1252")
    assert path.stat().st_size > 70_000
    facts = inspect_text(scan(path))
    assert facts.guess.sample_line == 402 and "Genève" in facts.guess.sample("cp1252")
    report = import_file(store, path, encoding=None if not facts.guess.weak else "cp1252")
    assert report.ok and report.added == 401
    with store.store.connect() as conn:
        assert conn.scalar(text("SELECT location FROM event WHERE origin_id = 'LATE1'")) == \
            "Genève"


def test_preview_guess_changes_its_sample_with_the_override(tmp_path):
    path = write_acled(tmp_path / "dari.csv", _rows(ARABIC), encoding="cp1256")
    guess = peek(path).guess
    assert guess.weak and guess.encoding == "cp1256"
    assert "خروج" in guess.sample() and "خروج" not in guess.sample("cp1252")


# A corpus of short files, each in the code page its text is usually written in. The
# detector must never be sure of a wrong reading; how often it is right is its accuracy.
CORPUS = [
    ("cp1252", "Café talks in Genève\nRéunion à Kaboul – accord signé"),
    ("cp1252", "Gespräche über Grenzübergänge in Genf\nAußenminister trifft Amtskollegen"),
    ("cp1252", "Reunión en Islamabad: diálogo sobre refugiados afganos\nCooperación económica"),
    ("cp1252", "Café near the Qissa Khwani bazaar; 5 °C."),
    ("cp1256", "خروج مهاجرين افغان از مرز طورخم\nبسته شدن گذرگاه چمن"),
    ("cp1256", "پاکستان اور افغانستان کے درميان مذاکرات\nطورخم سرحد بند"),
    ("utf-16", "طورخم سرحد — Café à Genève"),
    ("utf-8-sig", "Peshawar – پشاور – Genève"),
    ("utf-8", "Kabul – کابل – Köln"),
]


def test_detector_is_never_sure_of_a_wrong_reading(tmp_path):
    right = sure_wrong = 0
    for i, (encoding, body) in enumerate(CORPUS):
        path = tmp_path / f"c{i}.csv"
        content = "id,date,title\n" + "".join(
            f"E{n},2024-03-0{n + 1},{line}\n" for n, line in enumerate(body.splitlines()))
        path.write_bytes(content.encode(encoding))
        guess = inspect_text(scan(path)).guess
        reads = path.read_bytes().decode(guess.encoding) == content
        right += reads
        sure_wrong += not reads and not guess.weak
    assert sure_wrong == 0
    assert right >= len(CORPUS) - 1
