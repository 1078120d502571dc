"""Widgets of the browser: one module per widget."""
