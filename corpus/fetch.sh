#!/usr/bin/env bash
# Materializes the corpus (corpus/projects.tsv) as plain folders DEST/<name>, outside this repository.
#
#   corpus/fetch.sh DEST                 clone each repository from GitHub (needs network access to github.com)
#   corpus/fetch.sh DEST --mirrors ROOT  read bare git dirs ROOT/<owner>+<name>[/repo] instead, where present
#
# Each copy is the tree of the pinned commit (git archive: no .git, no history). A copy whose
# DEST/<name>.commit already names the pinned commit is left alone; delete it to fetch again.
set -euo pipefail

usage() { echo "usage: $0 DEST [--mirrors ROOT]" >&2; exit 2; }
[[ $# -eq 1 || ( $# -eq 3 && $2 == --mirrors ) ]] || usage
dest=$1
mirrors=${3:-}
list="$(cd "$(dirname "$0")" && pwd)/projects.tsv"
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$(realpath -m "$dest")"
case "$dest/" in "$repo_root"/*) echo "DEST must be outside the repository: $dest" >&2; exit 2 ;; esac
mkdir -p "$dest"

# A bare git dir holding the repository: a mirror when one is given, else a clone cached in DEST/.git-dirs.
git_dir_for() {
  local repository=$1 key=${1/\//+}
  if [[ -n $mirrors ]]; then
    for candidate in "$mirrors/$key/repo" "$mirrors/$key"; do
      if git --git-dir="$candidate" rev-parse --git-dir >/dev/null 2>&1; then echo "$candidate"; return; fi
    done
  fi
  local clone="$dest/.git-dirs/$key"
  [[ -d $clone ]] || git clone --quiet --bare "https://github.com/$repository.git" "$clone" >&2
  echo "$clone"
}

failures=0
while IFS=$'\t' read -r name repository commit _; do
  [[ -z $name || $name == \#* || $name == name ]] && continue
  if [[ -f $dest/$name.commit && $(cat "$dest/$name.commit") == "$commit" && -d $dest/$name ]]; then
    echo "up to date  $name"; continue
  fi
  rm -rf "${dest:?}/$name" "$dest/$name.commit"
  if git_dir=$(git_dir_for "$repository") && mkdir -p "$dest/$name" \
      && git --git-dir="$git_dir" archive "$commit" | tar -x -C "$dest/$name"; then
    echo "$commit" > "$dest/$name.commit"
    echo "fetched     $name  $repository@${commit:0:12}"
  else
    rm -rf "${dest:?}/$name"
    echo "FAILED      $name  $repository@${commit:0:12}" >&2
    failures=$((failures + 1))
  fi
done < "$list"
exit $(( failures > 0 ))
