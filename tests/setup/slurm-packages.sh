#!/bin/sh
# Installs what tests/cli/slurm.sh needs to start a one-node Slurm: Debian's
# slurmctld, slurmd, slurm-client and munge (8 packages, about 13 MB; the
# recommended extras of slurm-wlm are not needed: /work/shared/notes/slurm.md).
# Only missing packages are installed, and only as root; safe to run again.
# Exit 0 when all are installed, 1 when some are missing and cannot be
# installed here (the caller then skips, saying why).
PKGS="slurmctld slurmd slurm-client munge"
missing=""
for p in $PKGS; do
    case "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "slurm-packages: missing:$missing (not root, cannot install)" >&2
    exit 1
fi
echo "slurm-packages: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# Package scripts must not start the daemons (no systemd here anyway).
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
fi
# shellcheck disable=SC2086
{ apt-get install -y -q --no-install-recommends $missing >&2 ||
  { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends $missing >&2; }; }
rc=$?
[ "$made_policy" -eq 1 ] && rm -f "$policy"
[ "$rc" -eq 0 ] || { echo "slurm-packages: apt-get failed (exit $rc)" >&2; exit 1; }
exit 0
