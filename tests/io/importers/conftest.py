"""The fixture every importer test uses: a fresh store on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from viewer.store.service import StoreService


@pytest.fixture
def store(empty_target):
    st = StoreService.open(empty_target, create=True)
    yield st
    st.close()
