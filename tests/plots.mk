## tests/plots.mk -- charts, report and injection tests.
