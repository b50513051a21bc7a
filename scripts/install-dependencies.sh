#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the demo need, when any is missing.
# Safe to run again: it does nothing when everything is there. Needs root or sudo to install.
set -euo pipefail

packages=(
  zookeeper              # the server the tests and the demo start (Java)
  libzookeeper-mt-dev    # the C client the library binds
  openjdk-17-jdk-headless # java for the server, javac for the Quartz differential test
  libquartz2-java        # Quartz 2.3, the reference the cron engine is compared with
  libslf4j-java          # slf4j-simple, so test servers write a log
  libcurl4               # FoundationNetworking (URLSession) of the HTTP job and the webhook notifier
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
