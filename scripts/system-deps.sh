#!/usr/bin/env bash
# System packages taqrir uses beside Python: Tesseract with its Arabic, French and English models (OCR of scanned
# PDFs), LibreOffice and Arabic fonts (making the PDF/DOCX test fixtures), poppler-utils, and
# Chromium (the review app's browser tests drive it with Playwright; never `playwright install`).
# Installs what is missing when run as root with apt; otherwise says what to install and goes on
# (taqrir works without them: scanned pages get status needs_ocr).
set -u
packages=(tesseract-ocr tesseract-ocr-ara tesseract-ocr-fra tesseract-ocr-eng poppler-utils fonts-hosny-amiri fonts-noto-core chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing system packages: ${missing[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >/dev/null \
    || echo "warning: could not install ${missing[*]}; OCR (and browser) tests will be skipped" >&2
else
  echo "note: install these system packages for OCR: ${missing[*]}" >&2
fi
exit 0
