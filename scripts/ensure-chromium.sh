#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then exit 0; fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installation de Chromium (paquet Debian) pour les tests navigateur…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "Chromium est requis pour les tests navigateur. Installez-le avec :" >&2
  echo "  sudo apt-get install -y chromium" >&2
  exit 1
fi
