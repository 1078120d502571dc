"""Full screens of the browser: one module per screen."""
