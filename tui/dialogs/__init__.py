"""Modal dialogs of the browser: one module per dialog."""
