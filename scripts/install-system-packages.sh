#!/usr/bin/env bash
# Installs the Debian packages reportkit's build and tests use, only when something is missing:
# LibreOffice (renders the DOCX to PDF), Chromium (loads the site), poppler (PDF to text and PNG),
# the Liberation fonts (metric twins of Times New Roman and Arial, so pages break as in Word),
# ZBar (tests read page 1's QR code and barcode from the rendered page, as a scanner would), and
# python3-uno (tests drive LibreOffice to edit a circulated pack as a delegation would).
set -euo pipefail

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || missing+=(python3-uno)
fc-list 2>/dev/null | grep -q "Liberation Serif" || missing+=(fonts-liberation fontconfig)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing system packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
