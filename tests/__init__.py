"""The test suite, a package so that its modules have one name each (tests.e2e.conftest, not two
`conftest`s) for pytest and mypy alike."""
