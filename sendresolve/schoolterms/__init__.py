"""Term dates a local authority sets itself, for the law core's school-day clocks (issue 24)."""
