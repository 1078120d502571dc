"""jianghua's terminal interface (Textual). Keep this file free of imports:
`jianghua list` and friends import `jianghua.cli` and must not pay for Textual."""
