## tests/report.mk -- issue 14: findings in words, the report people
## publish, honest charts and the nightly recipe.
TESTS += tests/findings.sh tests/report-headlines.sh tests/report-charts.sh tests/nightly.sh tests/nightly-warnings.sh tests/progress.sh
EXTRA_DIST += tests/findings.sh tests/report-headlines.sh tests/report-charts.sh tests/nightly.sh tests/nightly-warnings.sh tests/progress.sh doc/nightly.sh tests/reference/findings.py \
	tests/reference/expected/findings-nvda-baba-9988.txt
EXTRA_DIST += doc/report.png doc/actual-nvda-deepseek.png doc/ar-9988-qwen.png
