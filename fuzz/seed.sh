#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/<target>/) from the test fixtures and the
# embedded dictionary. Run from anywhere; the corpus folders are not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
seed() {
    local target=$1
    shift
    mkdir -p "fuzz/corpus/$target"
    for f in "$@"; do
        # Content-named, so seeding twice adds nothing.
        cp "$f" "fuzz/corpus/$target/$(sha256sum "$f" | cut -c1-16)"
    done
}
mapfile -t csv < <(find tests/fixtures -name '*.csv' -size -64k)
mapfile -t books < <(find tests/fixtures -regextype posix-extended \
    -regex '.*\.(xlsx|xlsm|xlsb|xls|ods)' -size -256k)
mapfile -t dicts < <(find tests/fixtures/dicts dictionary -name '*.yaml' -size -64k)
mapfile -t mappings < <(find tests/fixtures/mapping -name '*.yaml' -size -64k)
seed csv_source "${csv[@]}"
seed spreadsheet_source "${books[@]}"
seed dictionary_loader "${dicts[@]}"
seed mapping_file "${mappings[@]}"
mkdir -p fuzz/corpus/format_notation
i=0
for f in an..20 an18 c..100 n..12 n6 c9..10 YYYYMMDD YYYY-MM-DD 'YYYY-MM-DD hh:mm:ss' \
    "$(printf 'YYYYMMDD\n20240229')" "$(printf 'YYYY-MM\n2024-13')" n1..2 'an..0' a3; do
    printf '%s' "$f" > "fuzz/corpus/format_notation/seed$i"
    i=$((i + 1))
done
