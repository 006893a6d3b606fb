## tests/core.mk -- command line, alignment and model tests.
TESTS += tests/cli.sh tests/align.sh
EXTRA_DIST += tests/cli.sh tests/align.sh \
	tests/fixtures/events/align.csv tests/fixtures/events/min.csv \
	tests/fixtures/events/bad-date.csv tests/fixtures/events/no-date.csv \
	tests/fixtures/events/no-label.csv tests/fixtures/events/no-tz.csv \
	tests/fixtures/events/bad-tz.csv tests/fixtures/events/empty-label.csv \
	tests/fixtures/events/header-only.csv tests/fixtures/events/extra-field.csv \
	tests/fixtures/events/hostile.csv
check_PROGRAMS += tests/unit-model
tests_unit_model_SOURCES = tests/unit-model.c
tests_unit_model_LDADD = $(EVS_LIBS)
TESTS += tests/unit-model
TESTS += tests/gaps.sh tests/import-errors.sh tests/csv-fastpath.sh
EXTRA_DIST += tests/gaps.sh tests/import-errors.sh tests/csv-fastpath.sh \
	tests/fixtures/prices/gap.csv tests/fixtures/events/gap.csv
TESTS += tests/long.sh tests/hostile.sh
EXTRA_DIST += tests/long.sh tests/hostile.sh
TESTS += tests/volume.sh tests/measures.sh
EXTRA_DIST += tests/volume.sh tests/measures.sh
TESTS += tests/shard.sh
EXTRA_DIST += tests/shard.sh
TESTS += tests/parallel.sh tests/slurm.sh
EXTRA_DIST += tests/parallel.sh tests/slurm.sh \
	contrib/parallel/shards.sh contrib/slurm/shards.sbatch \
	contrib/slurm/merge.sbatch contrib/slurm/submit.sh
check_PROGRAMS += tests/unit-shard
tests_unit_shard_SOURCES = tests/unit-shard.c tests/check.h
tests_unit_shard_LDADD = $(EVS_LIBS)
TESTS += tests/unit-shard
