#!/usr/bin/env bash
# Installs the Debian packages that are missing, when any is. Safe to run again: it does
# nothing when everything is there. Needs root or sudo to install.
#   scripts/install-dependencies.sh        # what the build and every test need (scripts/test.sh)
#   scripts/install-dependencies.sh demo   # only what scripts/demo.sh needs
set -euo pipefail

# What building the library and running a cluster need: the demo installs only these.
packages=(
  zookeeper              # the server the tests and the demo start (Java)
  libzookeeper-mt-dev    # the C client the library binds
  openjdk-17-jre-headless # java for the server
)
if [ "${1:-all}" != "demo" ]; then
  packages+=(
    openjdk-17-jdk-headless # javac for the Quartz differential test
    libquartz2-java        # Quartz 2.3, the reference the cron engine is compared with
    libslf4j-java          # slf4j-simple, so test servers write a log
    libcurl4               # FoundationNetworking (URLSession) of the HTTP job and the webhook notifier
    postgresql             # the tracing tests' and tracing-bench's throwaway servers (PostgresTesting)
    chromium               # the web console's browser test (headless)
    chromium-driver        # chromedriver: the W3C WebDriver server the browser test drives
    iproute2               # ip netns, veth and bridges for the chaos suite's real partitions
    gdb                    # scripts/watch-for-hang.sh prints a hung test process's stacks
    python3-aiosmtpd       # the SMTP relay (STARTTLS, AUTH) the mail notifier's tests start
    openssl                # the relay's self-signed certificate
  )
fi

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
if [[ " ${missing[*]} " == *" postgresql "* ]]; then
  # The tests start their own clusters (as the postgres user, on temporary directories and
  # free ports): the package must not create and start a `main` cluster of its own.
  $sudo mkdir -p /etc/postgresql-common
  if [ -f /etc/postgresql-common/createcluster.conf ]; then
    $sudo sed -i 's/^#* *create_main_cluster *=.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
    grep -q '^create_main_cluster = false' /etc/postgresql-common/createcluster.conf ||
      echo "create_main_cluster = false" | $sudo tee -a /etc/postgresql-common/createcluster.conf >/dev/null
  else
    echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
fi
$sudo apt-get update -q
# --force-confold keeps the createcluster.conf written above.
$sudo apt-get install -y -q --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
