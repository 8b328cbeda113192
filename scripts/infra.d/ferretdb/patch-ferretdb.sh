#!/usr/bin/env bash
# scripts/infra.d/ferretdb/patch-ferretdb.sh OUT_DIR — run from this folder by scripts/infra before it builds the
# launcher. Copies the FerretDB module (the version go.mod requires) to OUT_DIR/FerretDB, applies two one-line fixes to
# its SQLite backend and one to its SQL helper, writes OUT_DIR/go.mod (this folder's go.mod plus a `replace` pointing at the copy) and go.sum,
# and prints that go.mod's path for `go build -modfile`. (`go build -overlay` cannot replace files in the module cache.)
#
# The fixes make reading or writing one document by _id an index lookup instead of a scan of the whole collection:
# 1. metadata/metadata.go: lookups by _id filter on `_ferretdb_sjson->'$._id'`, but the unique index FerretDB creates
#    on every collection is on `_ferretdb_sjson->"_id"`. Both select the same value, yet SQLite uses an expression
#    index only for the identical expression, so every findOne / updateOne / replaceOne / deleteOne by _id scanned the
#    table (181 ms per update at 20,000 documents on a 2-core VM). `->'_id'` is the index's own expression, and the
#    form FerretDB's PostgreSQL backend already uses.
# 2. collection.go: only a filter with exactly one key, _id, was pushed down to SQLite, so `{_id, status: …}` (a
#    conditional update) decoded every document of the collection in Go. Now the _id condition is pushed down whatever
#    else the filter holds. That is safe: every caller applies the whole filter again to the documents the backend
#    returns (internal/handler: common.FilterIterator / common.FilterDocument).
# 3. util/fsql/db.go: write transactions (every insert and update) are serialised by a mutex per database. SQLite lets
#    one writer in at a time; the others found the database locked and polled it, sleeping up to 100 ms between tries
#    (SQLite's busy handler), so under concurrent writes a waiting writer often slept long after the lock was free. The
#    mutex hands the turn over at once. No transaction starts another, so it cannot deadlock. Measured with 16
#    concurrent read-modify-writes by _id on a 2-core VM: 707 → 823 per second, p99 67 → 58 ms.
#
# Each substitution must match exactly as often as expected, or this fails: upgrading FerretDB means revisiting it.
set -euo pipefail

out="${1:?usage: patch-ferretdb.sh OUT_DIR}"
module="github.com/FerretDB/FerretDB"
source_dir="$(go mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
[[ -d "$source_dir" ]] || { echo "patch-ferretdb.sh: could not locate $module in the module cache" >&2; exit 1; }

copy="$out/FerretDB"
rm -rf "$copy"
mkdir -p "$out"
cp -R "$source_dir" "$copy"
chmod -R u+w "$copy"

# replace_in FILE EXPECTED_MATCHES FROM TO — replace FROM (a sed pattern) by TO in FILE, after checking the count
replace_in() {
  local file="$copy/internal/$1" expected="$2" from="$3" to="$4" found
  found="$(grep -c -- "$from" "$file" || true)"
  if [[ "$found" != "$expected" ]]; then
    echo "patch-ferretdb.sh: expected $expected line(s) matching '$from' in $file, found $found" >&2
    exit 1
  fi
  sed -i "s|$from|$to|" "$file"
}

replace_in backends/sqlite/metadata/metadata.go 1 "IDColumn = DefaultColumn + \"->'\\\$._id'\"" "IDColumn = DefaultColumn + \"->'_id'\""
replace_in backends/sqlite/collection.go 2 'if params.Filter.Len() == 1 {' 'if params.Filter.Len() > 0 {'
replace_in util/fsql/db.go 1 $'^\t"time"$' $'\t"sync"\\n\t"time"'
replace_in util/fsql/db.go 1 $'^\tBatchSize int$' $'\tBatchSize int\\n\\n\t// writes serialises write transactions (patch-ferretdb.sh, fix 3).\\n\twrites sync.Mutex'
replace_in util/fsql/db.go 1 'func (db \*DB) InTransaction(ctx context.Context, f func(\*Tx) error) (err error) {' $'&\\n\tdb.writes.Lock()\\n\tdefer db.writes.Unlock()\\n'

cp go.sum "$out/go.sum"
{ cat go.mod; printf '\nreplace %s => %s\n' "$module" "$copy"; } >"$out/go.mod"
echo "$out/go.mod"
