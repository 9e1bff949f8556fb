#!/usr/bin/env bash
# Peak RSS of examples/larger-than-memory.ps1 over the host's baseline (issue 11: <= 256 MiB over baseline at 4 GiB).
# Usage: bench/larger-than-memory.sh [SizeGiB]   (after `dotnet build`; needs GNU time at /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-4}"
host=src/SciTex.Zarr.Host/bin/Debug/net10.0/SciTex.Zarr.Host
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The baseline: the same host loading the module and touching a 10 x 10 array with the same cmdlets.
cat > "$work/baseline.ps1" <<'PS'
$ErrorActionPreference = 'Stop'
$store = Join-Path $args[0] 'b.zarr'
New-ZarrArray -Path $store -Key data -Shape 10, 10 -DataType float64
Set-ZarrSlice -Path $store -Key data -Value 1
$null = Get-ZarrSlice -Path $store -Key data
Get-ZarrTree -Path $store -Key data | Out-String
PS
rss() { grep 'Maximum resident' "$1" | awk '{print $6}'; }
for i in 1 2 3; do
  /usr/bin/time -v "$host" -File "$work/baseline.ps1" "$work" > /dev/null 2> "$work/base$i.txt"
  rm -rf "$work/b.zarr"
done
base=$( (rss "$work/base1.txt"; rss "$work/base2.txt"; rss "$work/base3.txt") | sort -n | sed -n 2p)
/usr/bin/time -v "$host" -File examples/larger-than-memory.ps1 -OutputFolder "$work/out" -SizeGiB "$size" 2> "$work/run.txt"
peak=$(rss "$work/run.txt")
grep -E 'Elapsed' "$work/run.txt"
echo "baseline (median of 3): $((base / 1024)) MiB; ${size} GiB example peak: $((peak / 1024)) MiB; over baseline: $(((peak - base) / 1024)) MiB"
uptime
