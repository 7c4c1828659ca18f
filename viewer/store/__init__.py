"""The store: SQLAlchemy models, engine and URL handling, migrations, and the store service
(`viewer.store.service`), the one door to the data for everything above. No Qt."""
