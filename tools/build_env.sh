#!/usr/bin/env bash
# Build an environment beside the working one and swap it in only when it is complete.
#
#   tools/build_env.sh venv PYTHON VENV STAMP      .venv from requirements.txt and pyproject.toml
#   tools/build_env.sh node DIR STAMP              DIR/node_modules from DIR/package-lock.json
#
# A failed build (offline at the venue, say) leaves the previous environment exactly as it was:
# the script says it is stale, shows which pins changed since it was built, and exits 0 so that
# make carries on with it. Only with no previous environment at all does it fail.
set -uo pipefail

stale() {  # $1: what, $2: folder of the pins it was built from, $3...: current pin files
    local what=$1 pins=$2
    shift 2
    echo "*** Could not build the new $what (offline?). Keeping the previous one, which is STALE:"
    echo "*** it was built from other pins. Run make again with internet to update it."
    for file in "$@"; do
        if [ -f "$pins/$(basename "$file")" ]; then
            diff -u "$pins/$(basename "$file")" "$file" | grep -E '^[-+][^-+]' | head -40 \
                | sed "s|^|    $(basename "$file"): |"
        else
            echo "    $(basename "$file"): not recorded when it was built"
        fi
    done
}

swap() {  # $1: new folder, $2: final folder
    rm -rf "$2.old"
    if [ -e "$2" ] || [ -L "$2" ]; then mv "$2" "$2.old"; fi
    mv "$1" "$2" && rm -rf "$2.old"
}

case "${1:-}" in
venv)
    python=$2 venv=$3 stamp=$4
    new="$venv.new"
    rm -rf "$new"
    abs_new=$(cd "$(dirname "$new")" && pwd)/$(basename "$new")
    abs_venv=$(cd "$(dirname "$venv")" && pwd)/$(basename "$venv")
    pip="$new/bin/python -m pip install --quiet --retries 1 --timeout 15"
    if "$python" -m venv "$new" \
        && $pip --upgrade pip \
        && $pip -r requirements.txt \
        && $pip --no-deps -e .; then
        # Scripts name their interpreter by absolute path: point them at the final place.
        grep -rlI --null "$abs_new" "$new/bin" 2>/dev/null | xargs -0 -r sed -i "s|$abs_new|$abs_venv|g"
        mkdir -p "$new/.pins" && cp requirements.txt pyproject.toml "$new/.pins/"
        touch "$new/$(basename "$stamp")"
        swap "$new" "$venv"
        echo "Built $venv."
    else
        rm -rf "$new"
        if [ -x "$venv/bin/python" ]; then
            stale "$venv" "$venv/.pins" requirements.txt pyproject.toml
            exit 0
        fi
        echo "Could not build $venv, and there is no previous one to fall back on." >&2
        echo "Connect to the internet, or install from wheels (see README: no internet at the venue)." >&2
        exit 1
    fi
    ;;
node)
    dir=$2 stamp=$3
    build="$dir/.node_modules.build"
    rm -rf "$build" && mkdir -p "$build"
    cp "$dir/package.json" "$dir/package-lock.json" "$build/"
    if (cd "$build" && npm ci --ignore-scripts --no-audit --no-fund); then
        mkdir -p "$build/node_modules/.pins" && cp "$dir/package-lock.json" "$build/node_modules/.pins/"
        touch "$build/node_modules/$(basename "$stamp")"
        swap "$build/node_modules" "$dir/node_modules"
        rm -rf "$build"
        echo "Built $dir/node_modules."
    else
        rm -rf "$build"
        if [ -d "$dir/node_modules" ]; then
            stale "$dir/node_modules" "$dir/node_modules/.pins" "$dir/package-lock.json"
            exit 0
        fi
        echo "Could not install $dir/node_modules, and there is no previous one to fall back on." >&2
        exit 1
    fi
    ;;
*)
    echo "usage: $0 venv PYTHON VENV STAMP | node DIR STAMP" >&2
    exit 2
    ;;
esac
