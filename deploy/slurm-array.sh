#!/usr/bin/env bash
# Slurm job array: task I of N runs `jixiao extract --shard I/N` over the archive into one
# PostgreSQL database. Submit from the repository root after `scripts/build`:
#   JIXIAO_DB='postgresql://jixiao@dbhost/jixiao' sbatch --array=0-15 deploy/slurm-array.sh /archive
# The array must be 0-based: N is its size (SLURM_ARRAY_TASK_COUNT). Re-submitting the same array after a failure
# only does the documents that are not stored yet.
#SBATCH --job-name=jixiao
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=24:00:00
#SBATCH --output=jixiao-%A-%a.log
set -euo pipefail
: "${JIXIAO_DB:?set JIXIAO_DB to the PostgreSQL URL}"
archive=${1:?usage: sbatch --array=0-N-1 deploy/slurm-array.sh ARCHIVE_DIR}
root=${SLURM_SUBMIT_DIR:-$(pwd)}
mkdir -p "$root/out"
export OMP_THREAD_LIMIT=1 JIXIAO_HOME="$root"
exec "$root/build/jixiao" extract \
  --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" --jobs "${SLURM_CPUS_PER_TASK:-2}" \
  --progress --db "$JIXIAO_DB" \
  --out "$root/out/shard-${SLURM_ARRAY_TASK_ID}.jsonl" \
  --report "$root/out/report-${SLURM_ARRAY_TASK_ID}" "$archive"
