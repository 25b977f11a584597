"""The day's rules, pure: ranking, awards, entries, draw, line-up, progress, reports (and
`heat/`, the heat)."""
