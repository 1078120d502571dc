"""jianghua's terminal interface (Textual). Keep this file free of imports: the
CLI imports `jianghua.tui.app` only to open the browser, and a test or tool that
imports one module of the tui pays for that module alone."""
