#!/usr/bin/env bash
# Install the system tools used by scripts/make_fixtures.py (Debian packages only).
# Idempotent: skips apt entirely when every tool is already present.
# Usage: sudo bash scripts/install_fixture_tools.sh   (or as root)
set -euo pipefail

PKGS=(
  libreoffice-writer-nogui   # soffice --headless --convert-to pdf (DOCX -> PDF)
  fonts-hosny-amiri          # Amiri (Arabic Naskh) TTF, used in DOCX/HTML/reportlab
  fonts-noto-core            # Noto Naskh Arabic / Noto Sans Arabic fallbacks
  fontconfig                 # fc-list / fc-match
  chromium                   # headless --print-to-pdf of the HTML fixtures
  poppler-utils              # pdffonts, pdftoppm, pdfinfo, pdftotext
  qpdf                       # encrypted.pdf fixture
  tesseract-ocr              # OCR checks on the scanned fixture (optional for tests)
  tesseract-ocr-ara
)

need=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    need+=("$p")
  fi
done

if [ ${#need[@]} -eq 0 ]; then
  echo "install_fixture_tools: all packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "install_fixture_tools: installing ${need[*]}"
$SUDO apt-get update
# libreoffice-writer-nogui does not exist on every release: fall back to libreoffice-writer.
if ! $SUDO apt-get install -y --no-install-recommends "${need[@]}"; then
  alt=()
  for p in "${need[@]}"; do
    if [ "$p" = libreoffice-writer-nogui ]; then alt+=(libreoffice-writer); else alt+=("$p"); fi
  done
  $SUDO apt-get install -y --no-install-recommends "${alt[@]}"
fi
fc-cache -f >/dev/null 2>&1 || true
echo "install_fixture_tools: done"
