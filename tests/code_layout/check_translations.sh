#!/usr/bin/env bash
# Fails when a Qt Linguist file under translations/ has a message without a finished
# translation (type="unfinished" or an empty <translation>).
# Usage: check_translations.sh SOURCE_ROOT
set -u
root=${1:?usage: check_translations.sh SOURCE_ROOT}
status=0
shopt -s nullglob
files=("$root"/translations/*.ts)
[ ${#files[@]} -gt 0 ] || { echo "no .ts files under $root/translations" >&2; exit 1; }
for ts in "${files[@]}"; do
  total=$(grep -c '<source>' "$ts")
  open=$(grep -cE '<translation type="unfinished"|<translation></translation>' "$ts")
  if [ "$open" -gt 0 ]; then
    echo "$ts: $open of $total messages are not translated; open it in Qt Linguist and finish them" >&2
    grep -nB3 -E '<translation type="unfinished"|<translation></translation>' "$ts" | grep '<source>' | head -10 >&2
    status=1
  else
    echo "$ts: all $total messages translated"
  fi
done
exit $status
