"""The fixture every importer test uses: a fresh store in its own folder."""

from __future__ import annotations

import pytest

from viewer.store import open_store


@pytest.fixture
def store(tmp_path):
    st = open_store(tmp_path / "store.sqlite", create=True)
    yield st
    st.close()
