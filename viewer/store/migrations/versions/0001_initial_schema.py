"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "country",
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("iso2", sa.String(length=2), nullable=True),
        sa.Column("m49", sa.Integer(), nullable=True),
        sa.Column("fips", sa.String(length=2), nullable=True),
        sa.Column("cameo", sa.String(length=3), nullable=True),
        sa.PrimaryKeyConstraint("iso3", name=op.f("pk_country")),
    )
    with op.batch_alter_table("country", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_country_m49"), ["m49"], unique=False)

    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=30), nullable=False),
        sa.Column(
            "imported_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("rows_added", sa.Integer(), nullable=False),
        sa.Column("rows_updated", sa.Integer(), nullable=False),
        sa.Column("rows_skipped", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    )
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_batch_sha256"), ["sha256"], unique=False)

    op.create_table(
        "saved_view",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("window_start", sa.Date(), nullable=True),
        sa.Column("window_end", sa.Date(), nullable=True),
        sa.Column("filter_json", sa.Text(), nullable=False),
        sa.Column("lane_key", sa.String(length=20), nullable=False),
        sa.Column("is_startup", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_view")),
        sa.UniqueConstraint("name", name=op.f("uq_saved_view_name")),
    )
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=True),
        sa.Column("outlet", sa.String(length=300), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=12), nullable=True),
        sa.Column("scale", sa.String(length=60), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("key", name=op.f("uq_source_key")),
        sa.UniqueConstraint("outlet", "url", name=op.f("uq_source_outlet_url")),
    )
    op.create_table(
        "actor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=True),
        sa.Column("country_iso3", sa.String(length=3), nullable=True),
        sa.Column("native_name", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["country_iso3"], ["country.iso3"], name=op.f("fk_actor_country_iso3_country")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor")),
        sa.UniqueConstraint("name", "country_iso3", name=op.f("uq_actor_name_country_iso3")),
    )
    with op.batch_alter_table("actor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_name"), ["name"], unique=False)

    op.create_table(
        "era",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("color", sa.String(length=9), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"], name=op.f("fk_era_source_id_source")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_era")),
        sa.UniqueConstraint("name", name=op.f("uq_era_name")),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("original_type", sa.String(length=120), nullable=True),
        sa.Column("original_subtype", sa.String(length=120), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("start_day", sa.Integer(), nullable=False),
        sa.Column("end_day", sa.Integer(), nullable=True),
        sa.Column("precision", sa.String(length=12), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("admin1", sa.String(length=200), nullable=True),
        sa.Column("admin2", sa.String(length=200), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("cameo_code", sa.String(length=8), nullable=True),
        sa.Column("goldstein", sa.Float(), nullable=True),
        sa.Column("tone", sa.Float(), nullable=True),
        sa.Column("mentions", sa.Integer(), nullable=True),
        sa.Column("origin_dataset", sa.String(length=40), nullable=True),
        sa.Column("origin_id", sa.String(length=120), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_event_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
        sa.UniqueConstraint(
            "origin_dataset", "origin_id", name=op.f("uq_event_origin_dataset_origin_id")
        ),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_import_batch_id"), ["import_batch_id"], unique=False
        )
        batch_op.create_index("ix_event_start_day_type", ["start_day", "type"], unique=False)

    op.create_table(
        "trade_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter_iso3", sa.String(length=3), nullable=False),
        sa.Column("partner_iso3", sa.String(length=3), nullable=False),
        sa.Column("flow", sa.String(length=12), nullable=False),
        sa.Column("period_kind", sa.String(length=16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("start_day", sa.Integer(), nullable=False),
        sa.Column("end_day", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.String(length=9), nullable=True),
        sa.Column("classification", sa.String(length=12), nullable=True),
        sa.Column("commodity_code", sa.String(length=20), nullable=False),
        sa.Column("commodity_label", sa.String(length=300), nullable=True),
        sa.Column("value_usd", sa.Float(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=True),
        sa.Column("quantity_unit", sa.String(length=30), nullable=True),
        sa.Column("estimated", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("origin_dataset", sa.String(length=40), nullable=True),
        sa.Column("origin_id", sa.String(length=120), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_trade_figure_import_batch_id_import_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_iso3"], ["country.iso3"], name=op.f("fk_trade_figure_partner_iso3_country")
        ),
        sa.ForeignKeyConstraint(
            ["reporter_iso3"], ["country.iso3"], name=op.f("fk_trade_figure_reporter_iso3_country")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_trade_figure_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trade_figure")),
        sa.UniqueConstraint(
            "origin_dataset", "origin_id", name=op.f("uq_trade_figure_origin_dataset_origin_id")
        ),
    )
    with op.batch_alter_table("trade_figure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trade_figure_import_batch_id"), ["import_batch_id"], unique=False
        )
        batch_op.create_index(
            "ix_trade_figure_series",
            ["reporter_iso3", "partner_iso3", "flow", "commodity_code", "start_day"],
            unique=False,
        )

    op.create_table(
        "event_actor",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actor.id"], name=op.f("fk_event_actor_actor_id_actor")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_actor_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "actor_id", "role", name=op.f("pk_event_actor")),
    )
    with op.batch_alter_table("event_actor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_actor_actor_id"), ["actor_id"], unique=False)

    op.create_table(
        "event_country",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("country_iso3", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_iso3"], ["country.iso3"], name=op.f("fk_event_country_country_iso3_country")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_country_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "country_iso3", name=op.f("pk_event_country")),
    )
    with op.batch_alter_table("event_country", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_country_country_iso3"), ["country_iso3"], unique=False
        )

    op.create_table(
        "event_source",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_source_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_event_source_source_id_source")
        ),
        sa.PrimaryKeyConstraint("event_id", "source_id", name=op.f("pk_event_source")),
    )
    with op.batch_alter_table("event_source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_source_source_id"), ["source_id"], unique=False)

    op.create_table(
        "event_tag",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_event_tag_event_id_event"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "tag", name=op.f("pk_event_tag")),
    )
    with op.batch_alter_table("event_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_tag_tag"), ["tag"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("event_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_tag_tag"))

    op.drop_table("event_tag")
    with op.batch_alter_table("event_source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_source_source_id"))

    op.drop_table("event_source")
    with op.batch_alter_table("event_country", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_country_country_iso3"))

    op.drop_table("event_country")
    with op.batch_alter_table("event_actor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_actor_actor_id"))

    op.drop_table("event_actor")
    with op.batch_alter_table("trade_figure", schema=None) as batch_op:
        batch_op.drop_index("ix_trade_figure_series")
        batch_op.drop_index(batch_op.f("ix_trade_figure_import_batch_id"))

    op.drop_table("trade_figure")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_start_day_type")
        batch_op.drop_index(batch_op.f("ix_event_import_batch_id"))

    op.drop_table("event")
    op.drop_table("era")
    with op.batch_alter_table("actor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_name"))

    op.drop_table("actor")
    op.drop_table("source")
    op.drop_table("saved_view")
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_batch_sha256"))

    op.drop_table("import_batch")
    with op.batch_alter_table("country", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_country_m49"))

    op.drop_table("country")
