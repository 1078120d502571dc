#!/bin/sh
# Interface strings: extract them from the code into messages.pot, merge the
# template into the zh_CN and en catalogs, compile the .mo files.
# Run from anywhere: sh locale/update.sh   (needs Babel: pip install -e '.[test]')
# Then translate the new entries of locale/zh_CN/LC_MESSAGES/messages.po (msgstr ""),
# remove their "#, fuzzy" flags, and run this again to compile.
set -eu
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-$(dirname "$(command -v python3)")/pybabel}"
[ -x .venv/bin/pybabel ] && PYBABEL=.venv/bin/pybabel
"$PYBABEL" extract -F babel.cfg -k Binding:3 -k later --add-comments=TRANSLATORS: --no-location --sort-output --no-wrap \
    --project=jianghua --copyright-holder=jianghua --msgid-bugs-address= -o locale/messages.pot .
"$PYBABEL" update -i locale/messages.pot -d locale -D messages --no-wrap --ignore-obsolete
"$PYBABEL" compile -d locale -D messages --statistics
