"""The briefing outputs of a view, written all or nothing: the one export orchestration
that the command line and the GUI share.

A plan names the parts (workbook, CSV of events and of trade figures, PDF pack, pictures
of the panes) and where they go. Every part is written beside its target under a staging
name; only when every part has succeeded are the staging files moved over the targets,
so a cancel or a failure leaves no new file and every old one intact. The parts made of
data are written here, without Qt; the PDF pack and the pictures draw the panes, which a
`PaneRenderer` from the app does (on the GUI thread, or offscreen for the command line).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from viewer.domain.drawing import SeriesKey
from viewer.domain.model import Filter, TimeWindow
from viewer.domain.pictures import PICTURE_FILES, PICTURE_PANES, PictureCaption
from viewer.io.export.csv_export import trade_csv_path
from viewer.io.export.safe import (
    ExportCancelled,
    ExportError,
    check_target,
    clear_stale_partials,
    partial_name,
)
from viewer.store.service import StoreService

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ExportPlan:
    """What to write, where, for which view."""

    folder: Path
    base: str
    window: TimeWindow
    flt: Filter
    workbook: bool = True
    csv: bool = False
    pdf: bool = False
    png: bool = False
    svg: bool = False
    picture_size: tuple[int, int] = (1600, 600)
    title: str = "Briefing"
    # The trade series shown (the chart's, mirrors included); None: every series of the
    # filter's countries.
    series: tuple[SeriesKey, ...] | None = None
    picture_panes: tuple[str, ...] = tuple(PICTURE_PANES)
    # Pictures and the PDF mark the selected events only when asked.
    show_selection: bool = False

    @classmethod
    def for_file(cls, out: Path, window: TimeWindow, flt: Filter, title: str, *,
                 series: tuple[SeriesKey, ...] | None = None,
                 picture_panes: tuple[str, ...] = tuple(PICTURE_PANES),
                 picture_size: tuple[int, int] = (1600, 600),
                 show_selection: bool = False) -> ExportPlan:
        """The plan behind `viewer export OUT.xlsx|.csv|.pdf|.png|.svg`."""
        kind = out.suffix.lower().lstrip(".")
        return cls(out.parent, out.stem, window, flt, workbook=kind == "xlsx",
                   csv=kind == "csv", pdf=kind == "pdf", png=kind == "png", svg=kind == "svg",
                   title=title, series=series, picture_panes=picture_panes,
                   picture_size=picture_size, show_selection=show_selection)

    @classmethod
    def for_pack(cls, folder: Path, window: TimeWindow, flt: Filter, title: str, *,
                 series: tuple[SeriesKey, ...] | None = None,
                 picture_size: tuple[int, int] = (1600, 600),
                 show_selection: bool = False) -> ExportPlan:
        """The one-click briefing pack: workbook, PDF and pictures of the view in `folder`."""
        base = f"briefing-{window.start:%Y%m%d}-{window.end:%Y%m%d}"
        return cls(folder, base, window, flt, workbook=True, pdf=True, png=True, title=title,
                   series=series, picture_size=picture_size, show_selection=show_selection)

    def caption(self) -> PictureCaption:
        """What every picture carries above the pane: title, window and filters."""
        from viewer.io.export.workbook import describe_filter, describe_window

        return PictureCaption(self.title, describe_window(self.window),
                              describe_filter(self.flt))

    def targets(self) -> dict[str, Path]:
        """Every file the plan writes, by part name."""
        out: dict[str, Path] = {}
        f, b = self.folder, self.base
        if self.workbook:
            out["xlsx"] = f / f"{b}.xlsx"
        if self.csv:
            out["csv"] = f / f"{b}.csv"
            out["csv-trade"] = trade_csv_path(out["csv"])
        if self.pdf:
            out["pdf"] = f / f"{b}.pdf"
        for ext, wanted in (("png", self.png), ("svg", self.svg)):
            if wanted:
                for pane in self.picture_panes:
                    out[f"{pane}.{ext}"] = f / f"{b}-{PICTURE_FILES[pane]}.{ext}"
        return out


@dataclass
class ExportOutcome:
    """Staged files waiting to be committed, and what was written."""

    staged: dict[Path, Path] = field(default_factory=dict)  # target -> staging file
    summary: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    briefing: object | None = None  # viewer.io.export.briefing.Briefing, for the PDF

    def stage(self, target: Path) -> Path:
        """A staging name beside `target` for a part about to be written."""
        check_target(target)
        if not self.staged:
            clear_stale_partials(target.parent)
        staging = partial_name(target, "staging")
        self.staged[target] = staging
        return staging

    def commit(self) -> list[Path]:
        """Move every staged file over its target, all or none: a target that was there is
        kept aside until every part is in place, and put back if one fails."""
        kept: dict[Path, Path | None] = {}
        try:
            for target in self.staged:
                check_target(target)  # read-only since the export began: refused
            for target, staging in self.staged.items():
                previous = partial_name(target, "previous") if target.exists() else None
                if previous is not None:
                    os.replace(target, previous)
                kept[target] = previous
                os.replace(staging, target)
        except OSError as exc:
            self._restore(kept)
            if isinstance(exc, ExportError):
                raise
            raise ExportError(target, exc.strerror or str(exc)) from exc
        for previous in kept.values():
            if previous is not None:
                _remove(previous)
        return list(self.staged)

    def _restore(self, kept: dict[Path, Path | None]) -> None:
        for target, previous in kept.items():
            try:
                if previous is None:
                    _remove(target)
                elif previous.exists():
                    os.replace(previous, target)
            except OSError:
                pass  # the folder itself failed; what is left is cleared as stale later

    def named_for_target(self, exc: ExportError) -> ExportError:
        """The error with the target's name where it named a staging file."""
        for target, staging in self.staged.items():
            if staging.name in exc.file:
                return ExportError(target, exc.reason)
        return exc

    def discard(self) -> None:
        for staging in self.staged.values():
            _remove(staging)
        self.staged.clear()


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


class PaneRenderer(Protocol):
    """Draws the panes of a view: pictures and the PDF pack (the app supplies it)."""

    def save_picture(self, pane: str, path: Path, size: tuple[int, int],
                     caption: PictureCaption, *, selection: bool = False) -> None: ...

    def write_pdf(self, path: Path, briefing: object, *, selection: bool = False) -> int: ...


def write_data_parts(service: StoreService, plan: ExportPlan, outcome: ExportOutcome, *,
                     progress: Progress | None = None,
                     cancelled: Callable[[], bool] | None = None) -> None:
    """Stage the parts made of data (workbook, CSV) and gather the PDF's; no Qt."""
    targets = plan.targets()
    for target in targets.values():
        check_target(target)
    report = progress or (lambda done, total, stage: None)
    stop = cancelled or (lambda: False)
    if "xlsx" in targets:
        from viewer.io.export.workbook import write_workbook

        result = write_workbook(service, outcome.stage(targets["xlsx"]), plan.window, plan.flt,
                                series=plan.series, title=plan.title, progress=report,
                                cancelled=stop)
        outcome.warnings += result.warnings
        outcome.summary.append(f"{targets['xlsx'].name}: {result.events:,} events, "
                               f"{result.trade_figures:,} trade figures, "
                               f"{result.sources:,} sources")
    if "csv" in targets:
        from viewer.io.export.csv_export import write_events_csv, write_trade_csv

        n = write_events_csv(service, outcome.stage(targets["csv"]), plan.window, plan.flt,
                             progress=report, cancelled=stop, warnings=outcome.warnings)
        m = write_trade_csv(service, outcome.stage(targets["csv-trade"]), plan.window,
                            plan.series, plan.flt, warnings=outcome.warnings)
        outcome.summary.append(f"{targets['csv'].name}: {n:,} events; "
                               f"{targets['csv-trade'].name}: {m:,} trade figures")
    if "pdf" in targets:
        from viewer.io.export.briefing import gather

        report(0, 0, "briefing pack")
        outcome.briefing = gather(service, plan.window, plan.flt, title=plan.title,
                                  series=plan.series)
    if stop():
        raise ExportCancelled()


def draw_parts(plan: ExportPlan, outcome: ExportOutcome, renderer: PaneRenderer) -> None:
    """Stage the parts that draw the panes (pictures, PDF pack)."""
    targets = plan.targets()
    for ext in ("png", "svg"):
        for pane in PICTURE_PANES:
            target = targets.get(f"{pane}.{ext}")
            if target is not None:
                renderer.save_picture(pane, outcome.stage(target), plan.picture_size,
                                      plan.caption(), selection=plan.show_selection)
                outcome.summary.append(f"{target.name}: picture of the {PICTURE_PANES[pane]}")
    if "pdf" in targets and outcome.briefing is not None:
        pages = renderer.write_pdf(outcome.stage(targets["pdf"]), outcome.briefing,
                                   selection=plan.show_selection)
        outcome.summary.append(f"{targets['pdf'].name}: briefing pack, {pages} pages")


def needs_panes(plan: ExportPlan) -> bool:
    return plan.pdf or plan.png or plan.svg


def write_outputs(service: StoreService, plan: ExportPlan,
                  renderer: Callable[[], AbstractContextManager[PaneRenderer]] | None = None,
                  *, progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None) -> ExportOutcome:
    """Every part of the plan, in this thread, all or nothing; `renderer()` opens the pane
    renderer when the plan draws panes."""
    outcome = ExportOutcome()
    try:
        write_data_parts(service, plan, outcome, progress=progress, cancelled=cancelled)
        if needs_panes(plan):
            if renderer is None:
                raise ExportError(plan.folder, "pictures and the PDF pack need the panes")
            with renderer() as panes:
                draw_parts(plan, outcome, panes)
        outcome.commit()
    except ExportError as exc:
        named = outcome.named_for_target(exc)
        outcome.discard()
        raise named from exc
    except BaseException:
        outcome.discard()
        raise
    return outcome
