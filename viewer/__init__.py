"""Desk Viewer: linked timeline and trade panes over a store of diplomatic events."""

__version__ = "0.1.0"
